import { eraseStep, getErasure, listErasures, previewErasure, startErasure } from './erasure';
import { exportPersonalData, exportStep, getDataExport, startDataExport } from './export';
import { getRetention, runRetention, setRetention } from './retention';

/** The privacy context's messages: subject access, erasure, retention. */
export const privacyMessages = [exportPersonalData, startDataExport, exportStep, getDataExport, previewErasure, startErasure, eraseStep, getErasure, listErasures, getRetention, setRetention, runRetention] as const;
