import { deleteDocument, getDocument, listEmployeeDocuments, listRequestDocuments, openDocument, remindExpiry, replaceDocument, uploadEmployeeDocument, uploadRequestDocument } from './documents';
import { sweepDocuments } from './sweep';

/** The documents context's messages, in the order the API lists them. */
export const documentMessages = [
  uploadEmployeeDocument,
  uploadRequestDocument,
  replaceDocument,
  listEmployeeDocuments,
  listRequestDocuments,
  getDocument,
  openDocument,
  deleteDocument,
  remindExpiry,
  sweepDocuments,
] as const;
