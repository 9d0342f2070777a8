/** Dutch words for the states and kinds the API names in English. */
import type { ProviderStatus } from '../../domain/provider-dossier';

export const STATUS_NAMES: Record<ProviderStatus, string> = {
  invited: 'uitgenodigd',
  submitted: 'ingeschreven',
  incomplete: 'ingeschreven, onvolledig',
  withdrawn: 'ingetrokken',
  late: 'te laat ingeschreven',
};

export const DOCUMENT_NAMES: Record<string, string> = {
  bestuursverklaring: 'bestuursverklaring',
  machtiging: 'machtiging',
  vogRp: 'VOG RP',
  kvkUittreksel: 'KvK-uittreksel',
  uboRegister: 'UBO-uittreksel',
  consortiumDeclaration: 'verklaring samenwerkingsverband',
  onderbouwing: 'onderbouwing',
};

export const docName = (kind: string) => DOCUMENT_NAMES[kind] ?? kind;
