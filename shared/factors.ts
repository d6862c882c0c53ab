/** The ten key factors of the WCO Revised Arusha Declaration, in official order. */
export const FACTOR_KEYS = [
  'leadership_commitment',
  'regulatory_framework',
  'transparency',
  'automation',
  'reform_modernization',
  'audit_investigation',
  'code_of_conduct',
  'hrm',
  'morale_culture',
  'private_sector',
] as const;

export type FactorKey = (typeof FACTOR_KEYS)[number];

export type FactorLanguage = 'en' | 'fr' | 'es';

export interface ArushaFactor {
  key: FactorKey;
  /** 1-based number in the declaration's official order. */
  number: number;
  names: Record<FactorLanguage, string>;
  /** One-line meaning, in English; translations live in the i18n catalogue. */
  meaning: string;
}

export const FACTORS: readonly ArushaFactor[] = [
  {
    key: 'leadership_commitment',
    number: 1,
    names: { en: 'Leadership and Commitment', fr: 'Conduite et engagement des responsables', es: 'Compromiso y liderazgo' },
    meaning: 'The head of customs and senior managers own integrity, set the example and sustain it.',
  },
  {
    key: 'regulatory_framework',
    number: 2,
    names: { en: 'Regulatory Framework', fr: 'Cadre réglementaire', es: 'Marco regulatorio' },
    meaning: 'Simple, harmonised laws and procedures with few exemptions and little discretion.',
  },
  {
    key: 'transparency',
    number: 3,
    names: { en: 'Transparency', fr: 'Transparence', es: 'Transparencia' },
    meaning: 'Traders can predict what customs will do: rules, decisions and appeal routes are public.',
  },
  {
    key: 'automation',
    number: 4,
    names: { en: 'Automation', fr: 'Automatisation', es: 'Automatización' },
    meaning: 'Automated systems that cut discretion and face-to-face chances for bribes.',
  },
  {
    key: 'reform_modernization',
    number: 5,
    names: { en: 'Reform and Modernization', fr: 'Réforme et modernisation', es: 'Reforma y modernización' },
    meaning: 'Replacing slow, outdated procedures that push clients to pay to get things done.',
  },
  {
    key: 'audit_investigation',
    number: 6,
    names: { en: 'Audit and Investigation', fr: 'Contrôle et enquête', es: 'Auditoría e investigación' },
    meaning: 'Internal control, audit and investigation of misconduct.',
  },
  {
    key: 'code_of_conduct',
    number: 7,
    names: { en: 'Code of Conduct', fr: 'Code de conduite', es: 'Código de conducta' },
    meaning: 'A clear code of conduct, known and accepted by all staff, that says what is expected.',
  },
  {
    key: 'hrm',
    number: 8,
    names: { en: 'Human Resource Management', fr: 'Gestion des ressources humaines', es: 'Administración de recursos humanos' },
    meaning: 'Fair pay, merit-based recruitment and promotion, rotation from exposed posts, training, appraisal.',
  },
  {
    key: 'morale_culture',
    number: 9,
    names: { en: 'Morale and Organizational Culture', fr: 'Esprit de corps', es: 'Moral y cultura organizacional' },
    meaning: 'Staff at every level take part in, and share responsibility for, integrity.',
  },
  {
    key: 'private_sector',
    number: 10,
    names: { en: 'Relationship with the Private Sector', fr: 'Relations avec le secteur privé', es: 'Relación con el sector privado' },
    meaning: 'An open, accountable partnership with traders and their associations.',
  },
];

export function isFactorKey(value: unknown): value is FactorKey {
  return typeof value === 'string' && (FACTOR_KEYS as readonly string[]).includes(value);
}

export function factorByKey(key: FactorKey): ArushaFactor {
  const factor = FACTORS.find((f) => f.key === key);
  if (!factor) throw new Error(`unknown factor ${key}`);
  return factor;
}
