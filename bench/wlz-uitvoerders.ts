/**
 * The seven Wlz-uitvoerders and their 31 zorgkantoorregio's, as the 2024-2025 policy lists them (seed 000:L923-954,
 * DOMAIN.md section 2), for the national simulation.
 */
export interface WlzUitvoerder {
  /** For the cycle's id. */
  slug: string;
  name: string;
  email: string;
  regions: string[];
}

export const WLZ_UITVOERDERS: readonly WlzUitvoerder[] = [
  {
    slug: 'zilveren-kruis',
    name: 'Zilveren Kruis',
    email: 'zorginkoopwlz.OCO@zilverenkruis.nl',
    regions: [
      'Drenthe',
      'Zwolle',
      'Apeldoorn-Zutphen',
      'Utrecht',
      'Flevoland',
      "'t Gooi",
      'Kennemerland',
      'Zaanstreek/Waterland',
      'Amsterdam',
      'Rotterdam',
      'Friesland',
    ],
  },
  {
    slug: 'vgz',
    name: 'Coöperatie VGZ',
    email: 'oco@vgz.nl',
    regions: [
      'Noord-Holland Noord',
      'Nijmegen',
      'Noord- en Midden Limburg',
      'Waardenland',
      'Midden-Holland',
      'Midden Brabant',
      'Noordoost-Brabant',
    ],
  },
  {
    slug: 'cz',
    name: 'CZ',
    email: 'inkoop.OCO@cz.nl',
    regions: [
      'Haaglanden',
      'Zuid-Hollandse Eilanden',
      'Zeeland',
      'West Brabant',
      'Zuid Oost-Brabant',
      'Zuid-Limburg',
    ],
  },
  { slug: 'menzis', name: 'Menzis', email: 'oco@menzis.nl', regions: ['Groningen', 'Twente', 'Arnhem'] },
  {
    slug: 'zorg-en-zekerheid',
    name: 'Zorg & Zekerheid',
    email: 'ocowlz@zorgenzekerheid.nl',
    regions: ['Amstelland en de Meerlanden', 'Zuid-Holland-Noord'],
  },
  {
    slug: 'dsw',
    name: 'DSW',
    email: 'contractering.wlz@dsw.nl',
    regions: ['Westland, Schieland, Delfland (WSD)'],
  },
  { slug: 'salland', name: 'Salland', email: 'offerte-WLZ@salland.nl', regions: ['Midden IJssel'] },
];
