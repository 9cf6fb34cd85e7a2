/**
 * The data-class vocabulary an incident names, with what the Art. 33 report derives from each:
 * likely consequences and whether the class is a special category (GDPR Art. 9) or otherwise
 * makes the breach high-risk (Art. 34: the data subjects must be told).
 */
export interface DataClassInfo {
  label: string
  consequence: string
  /** GDPR Art. 9 special category (health, beliefs, …) or Art. 10 (criminal records). */
  specialCategory: boolean
  /** Likely a high risk to the rights and freedoms of the people concerned on its own. */
  highRisk: boolean
}

const info = (label: string, consequence: string, highRisk = false, specialCategory = false) => ({
  label,
  consequence,
  specialCategory,
  highRisk: highRisk || specialCategory,
})

export const DATA_CLASSES = {
  email: info('E-mail addresses', 'phishing and spam aimed at the people concerned'),
  phone: info('Phone numbers', 'unwanted calls, SMS phishing and SIM-swap attempts'),
  password: info(
    'Plaintext passwords',
    'account takeover here and, through password reuse, on other sites',
    true,
  ),
  password_hash: info(
    'Password hashes',
    'offline cracking of weak passwords, then account takeover and credential stuffing',
    true,
  ),
  name: info('Names', 'identification of the people concerned; targeted phishing'),
  username: info('Usernames', 'linking of accounts across sites'),
  address: info('Postal addresses', 'physical targeting, stalking, fraud'),
  date_of_birth: info('Dates of birth', 'identity theft when combined with names and addresses'),
  gender: info('Gender', 'discrimination, profiling'),
  ip_address: info('IP addresses', 'approximate location and profiling'),
  message: info(
    'Free-text messages',
    'disclosure of whatever people wrote, possibly health or other sensitive details',
    true,
  ),
  health: info(
    'Health data',
    'disclosure of medical conditions: discrimination, blackmail, distress',
    true,
    true,
  ),
  genetic: info('Genetic data', 'permanent disclosure of hereditary traits', true, true),
  biometric: info('Biometric data', 'impersonation; biometrics cannot be changed', true, true),
  religion: info('Religious or philosophical beliefs', 'discrimination, persecution', true, true),
  political_opinion: info('Political opinions', 'discrimination, persecution', true, true),
  sexual_orientation: info('Sex life or sexual orientation', 'outing, blackmail', true, true),
  ethnic_origin: info('Racial or ethnic origin', 'discrimination', true, true),
  trade_union: info('Trade-union membership', 'discrimination at work', true, true),
  criminal_record: info('Criminal convictions and offences', 'stigma, blackmail', true, true),
  national_id: info(
    'National identification numbers',
    'identity theft and fraud in the person’s name',
    true,
  ),
  financial: info('Bank account or payment card data', 'financial fraud', true),
  location: info('Precise location data', 'stalking, physical danger', true),
  appointment: info('Appointments and bookings', 'disclosure of habits and whereabouts'),
  security_question: info(
    'Security questions and answers',
    'account recovery takeover here and elsewhere',
    true,
  ),
  session_token: info('Session or API tokens', 'immediate account takeover until revoked', true),
} satisfies Record<string, DataClassInfo>

export type DataClass = keyof typeof DATA_CLASSES

export const DATA_CLASS_NAMES = Object.keys(DATA_CLASSES) as DataClass[]

/** Whether `value` is in the vocabulary (data classes arrive as untyped JSON). */
export function isDataClass(value: string): value is DataClass {
  return Object.hasOwn(DATA_CLASSES, value)
}
