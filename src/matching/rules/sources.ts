/**
 * Source URLs the matcher rules rest on, copied from research/facts.md (sections A and B, and the
 * cases in C). Advisory URLs come from research/anchors.md. Nothing here is a new source.
 */
export const SRC = {
  // Cross-cutting (A.0)
  cohesionCofinancing: 'https://ec.europa.eu/regional_policy/funding/financial-management_en',
  cpr: 'https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX%3A02021R1060-20240301',
  fiGrantsSingleOperation:
    'https://www.fi-compass.eu/library/how-to/implementation-grants-and-financial-instruments-combined-single-operation',
  fiGrantsFactsheet:
    'https://www.fi-compass.eu/library/how-to/combination-financial-instruments-and-grants-under-shared-management-funds-2021-2027',
  inclusionPartnershipBlending: 'http://www.inclusionpartnership.com/financial-blending-and-microfinance',
  urbanAgendaBlending:
    'https://www.urbanagenda.urban-initiative.eu/library/financial-blending-facilities-cities-migrants-and-refugees',
  integrationActionPlan:
    'https://home-affairs.ec.europa.eu/policies/migration-and-asylum/legal-migration-and-integration/integration/action-plan-integration-and-inclusion_en',

  // AMIF
  amifRegulation: 'https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX%3A32021R1147',
  amifCofinancing: 'https://lexaris.eu/book/document/2123288/page/38',
  amifManagementModes: 'https://fasi.eu/en/programmes/942c4688-7edb-44f5-9904-49baf8794142',
  amifBlendingDefinition: 'https://legalize.dev/eu/law/32021R1147',
  euFundsToolkit: 'https://vdocument.in/toolkit-on-the-use-of-eu-funds-for-the-ec-on-the-use-of-eu-funds-for-the-integration.html',
  fiCompassAmifPodcast:
    'https://www.fi-compass.eu/podcasts/jam-sessions/episode-13-easi-business-development-services-pilot-migrants-and-refugees',

  // ESF+
  esfSummary: 'http://eur-lex.europa.eu/legal-content/EN/TXT/?uri=LEGISSUM%3A4536659',
  esfObjectives: 'https://european-social-fund-plus.ec.europa.eu/pl/node/229',
  esfFundingForms: 'https://impacteurope.net/eu-programme/esf-plus',
  microcreditDefinition: 'http://ec.europa.eu/social/main.jsp?catId=952&intPageId=3510&langId=en',

  // ERDF
  erdfRegulation: 'https://eurlexa.com/act/en/32021R1058/02021R1058-20210630/text?noJS=true',
  erdfInclusion: 'https://www.euromanet.eu/news/final-stages-of-the-discussions-on-the-2021-2027-erdf-cohesion-fund-regulation/',
  erdfUrbanEarmark:
    'https://www.themayor.eu/en/a/view/eu-council-and-parliament-reach-agreement-on-regional-and-cohesion-funding-framework-for-2021-2027-6559',

  // EMFAF
  emfafPriorities:
    'https://leap.unep.org/en/countries/eu/national-legislation/regulation-eu-20211139-european-parliament-and-council',
  emfafBudget:
    'https://oceans-and-fisheries.ec.europa.eu/facts-and-figures/facts-and-figures-common-fisheries-policy/european-union-support_en',

  // InvestEU
  investEuRegulation: 'https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX%3A32021R0523',
  investEuSocialWindow: 'https://impacteurope.net/eu-programme/investeu?page=1',
  investEuSocialGateway: 'https://social-economy-gateway.ec.europa.eu/eu-funding-programmes/invest-eu_en',
  cebInvestEu:
    'https://coebank.org/en/news-and-publications/news/investeu-kickstarts-250-million-of-investment-in-affordable-social-housing-skills-and-social-enterprises-under-agreement-with-council-of-europe-development-bank/',

  // CERV
  cerv: 'https://citizens-equality-rights-values.campaign.europa.eu/success-stories_en',
  cervTownTwinning: 'https://www.mreza-mira.net/vijesti/pozivi-za-projekte/town-twinning-cerv/',

  // CEB
  cebAccess: 'https://coebank.org/en/project-financing/how-access-ceb-financing/',
  cebLocalAuthorities: 'https://aer.eu/council-europe-development-bank-trusted-partner-regions',
  cebMigrantRefugeeFund: 'https://coebank.org/en/donors-and-trust-funds/migrant-and-refugee-fund/',
  cebLesbos: 'https://coebank.org/en/news-and-publications/news/ceb-fin-migrant-refugee-reception-centres-greece/',
  cebAdoma: 'https://coebank.org/en/news-and-publications/news/ceb-adoma-confirm-100million-loan-social-housing',
  cebIlb:
    'https://coebank.org/en/news-and-publications/news/ceb-approves-300-million-loan-germany-support-migrants-refugees-and-displaced-persons/',
  cebNrwBank: 'https://coebank.org/en/news-and-publications/news/nrwbank-and-ceb-sign-additional-loan-to-finance-accommodation-for-refugees',
  cebPoland:
    'https://coebank.org/en/news-and-publications/news/ceb-signs-a-record-450-million-loan-with-poland-to-aid-displaced-people-from-ukraine/',
  cebItaly:
    'https://coebank.org/en/news-and-publications/news/ceb-approves-almost-12-billion-in-new-loans-with-focus-on-aid-for-ukrainian-refugees/',
  cebPerMicro: 'https://coebank.org/en/partnering-with-donors/projects-and-beneficiaries/support-to-micro-entrepreneurs-in-italy',
  cebPerMicroWomen:
    'https://coebank.org/en/partnering-with-donors/sustainable-and-inclusive-growth/supporting-women-entrepreneurs-in-italy/',
  cebMicrofinanceCap: 'https://coebank.org/en/news-and-publications/projects-focus/creating-opportunity-supporting-inclusion/',
  cebHemisphere:
    'http://coebank.org/en/news-and-publications/news/ceb-and-hemisphere-sign-loan-agreement-provide-emergency-accommodation-asylum-seekers/',
  pafmi: 'https://reliefweb.int/report/world/scaling-support-migrant-inclusion-ceb-and-european-commission-mark-completion-pafmi-initiative',
  pafmiLaunch: 'https://coebank.org/en/news-and-publications/news/four-innovative-projects-launched-further-boost-migrant-inclusion',

  // EIB
  eibRefugeeCreditLine:
    'https://www.wired-gov.net/wg/news.nsf/articles/eib+board+approves+4+billion+credit+line+along+with+the+embrace+advisory+platform+to+support+the+integration+of+refugees+from+ukraine+in+eu+countries+20052022092500?open',
  eibNrwBank: 'https://www01.eib.org/en/press/all/2024-102-germany-gets-eib-and-nrw-bank-support-for-refugee-housing.htm',
  eibIlb: 'https://www.publicfinancefocus.org/news/2015/11/eib-issues-%E2%82%AC12bn-financial-support-refugees-and-infrastructure',
  eibUrbanLending: 'https://eib.org/en/publications/the-eu-urban-agenda-toolbox',
  urbis:
    'https://pubaffairsbruxelles.eu/eu-institution-news/commission-and-european-investment-bank-launch-new-advisory-service-to-help-cities-plan-investments',
  quickResponse: 'https://m.reliefweb.int/report/3846883/poland/2-billion-urgent-financial-support-ukrainian-refugees-europe',
  adomaEib:
    'http://www.adoma.fr/adoma/L-actualite/Communiques-de-presse/Archives-2016/Communiques/p-573-La-BEI-soutient-l-engagement-d-Adoma-filiale-du-groupe-SNI-pour-l-hebergement-des-demandeurs-d-asile..htm',

  // EIF
  eifInvestEuGuarantee: 'https://www.eif.org/products/all/investeu-micro-social-capped-guarantee',
  easiGuarantee: 'http://european-microfinance.org/call/easi-guarantee-open-call-expression-interest',
  easiMinorityGroups: 'https://www.eunews.it/2016/10/27/il-supporto-microfinanziario-dellue-taglia-il-traguardo-del-milione-di-euro-eng/',

  // Instruments (B)
  glossaryLoan: 'https://fi-compass.eu/info/glossary/l',
  glossaryGuarantee: 'https://www.fi-compass.eu/info/glossary/g',
  glossaryFinancialInstrument: 'https://www.fi-compass.eu/info/glossary/f',
  mikrokreditfonds:
    'https://esfplus.de/portal/DE/Ueber-den-ESF/Geschichte-des-ESF/Foerderperiode-2007-2013/ESF-Programme/programme/bmas_mikrokreditfonds.html',
  microStartStory: 'http://www.eib.org/en/infocentre/stories/all/2015-october-05/finding-financial-refuge.htm',
  adieRefugees: 'https://findevgateway.org/fr/blog/2019/05/microfinance-les-refugies-des-clients-pas-tout-fait-comme-les-autres',
  equityDefinition: 'https://www.goodfinance.org.uk/equity-investment',
  quasiEquityModel: 'https://www.fi-compass.eu/library/how-to/quasi-equity-finance-smes-fi-compass-model-financial-instrument',
  hemisphereFeature: 'https://www.responsible-investor.com/hemisphere-fund-feature/',
  crowdfundingRegulation: 'https://legalize.dev/eu/law/32020R1503',
  crowdfundingDefinition: 'https://www.legislation.gov.uk/eur/2020/1503/article/2',
  kivaRefugees: 'https://www.kiva.global/refugee-focus/',
  indigoDefinition: 'https://golab.bsg.ox.ac.uk/knowledge-bank/indigo/share-data-indigo/',
  outcomesBasedContracts:
    'https://golab.bsg.ox.ac.uk/knowledge-bank/resource-library/beyond-impact-bonds-varieties-of-outcomes-based-contracts-around-the-world/',
  kotoSib: 'https://golab.bsg.ox.ac.uk/knowledge-bank/case-studies/kotouttamisen-koto-social-impact-bond/',
  kotoMinistry: 'https://tem.fi/en/integration-sib-project',
  coventryRtof: 'https://edemocracy.coventry.gov.uk/mgAi.aspx?ID=34203',
  rtofEvaluation:
    'https://www.gov.uk/government/publications/evaluation-of-the-refugee-transitions-outcomes-fund/evaluation-of-the-refugee-transitions-outcomes-fund',
  indigoDataset: 'https://golab.bsg.ox.ac.uk/knowledge-bank/indigo/impact-bond-dataset-v2/',
} as const

/** Advisory routes (research/anchors.md §1.1, §1.6; CEB and EIB pages from facts.md). */
export const ADVISORY_SRC = {
  fiCompass: 'https://www.fi-compass.eu',
  eibAdvisoryProcess: 'https://advisory.eib.org/about/process.htm',
  socPlatform: 'https://advisory.eib.org/about/initiative-social-outcomes-contracting.htm',
} as const
