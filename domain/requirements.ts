/**
 * The geschiktheidseisen (suitability requirements) of the 2024-2025 policy (seed 000:L557-673), numbered as there:
 * the default list of a configuration's `assessment.requirements`. A provider is suitable in a region when it meets
 * every one; the selection criteria then choose among the suitable.
 */
export const REQUIREMENTS_2024_2025 = [
  'Ervaring met de doelgroepen (V&V, GZ en GGZ)',
  'Opleiding: ten minste een relevante opleiding op hbo-niveau',
  'Aangesloten bij de BCMB en ingeschreven in het Register cliëntondersteuners (nieuwe medewerkers binnen 4 maanden)',
  'De beroepscode van de BCMB onderschreven',
  'Kennis van de Wlz, het regionale aanbod en de sociale kaart',
  'Kennis van zorgtoewijzing, dossierhouderschap en wachtlijststatussen',
  'Integriteit: onafhankelijk, vertrouwelijk, toestemming van de cliënt vastgelegd',
  'Klachtenregeling en privacyreglement op de website',
  'Deelname aan het cliëntervaringsonderzoek (CEO) en delen van de uitkomsten',
  'Continu leren: ten minste twee keer per jaar overleg met het zorgkantoor (PDCA)',
  'Duurzaamheid (Green Deal 3.0) als paragraaf in het jaarplan',
  'Regionale dekking: in de hele regio, met keuze uit cliëntondersteuners',
  'Beschikbaarheid: vijf werkdagen, ten minste 09:00-17:00, via alle kanalen; ten minste drie cliëntondersteuners in de regio',
  'Registratie: maandelijks gegevens aanleveren, elk kwartaal een signaalrapportage',
  'Innovaties als paragraaf in het jaarplan',
] as const;
