/** Saving and reading the data folder's PACS connection; a connection is tried before it is saved. */
import { AppFailure } from '../../../shared/contract/result.js';
import type { PacsConnection, PacsConnectRequest } from '../../../shared/domain/pacs.js';
import { describeConnection, loadConnection, saveConnection, type StoredConnection } from './connectionStore.js';
import { DicomwebClient, type ClientOptions } from './dicomwebClient.js';

/**
 * Tries a one-study QIDO-RS search with the given settings and saves them only if the PACS
 * answers. Without a secret, the saved one is kept when the URL and user are the same, so the
 * UI can change nothing else without asking for the password again.
 */
export async function connectPacs(dataDir: string, request: PacsConnectRequest, options?: ClientOptions): Promise<PacsConnection> {
  const previous = loadConnection(dataDir);
  const baseUrl = request.baseUrl.replace(/\/+$/, '');
  const username = request.auth === 'basic' ? (request.username ?? '') : null;
  if (request.auth === 'basic' && !username) throw new AppFailure('invalid-request', 'basic authentication needs a user name');
  const keep = previous && previous.baseUrl === baseUrl && previous.auth === request.auth && previous.username === username;
  const secret = request.auth === 'none' ? null : (request.secret ?? (keep ? previous.secret : null));
  if (request.auth !== 'none' && !secret)
    throw new AppFailure('invalid-request', `${request.auth} authentication needs a ${request.auth === 'basic' ? 'password' : 'token'}`);
  const connection: StoredConnection = { baseUrl, auth: request.auth, username, secret };
  await new DicomwebClient(connection, options).searchStudies({ limit: '1' });
  saveConnection(dataDir, connection);
  return describeConnection(connection);
}

/** The saved connection, or a clear error when there is none. */
export function requireConnection(dataDir: string): StoredConnection {
  const connection = loadConnection(dataDir);
  if (!connection) throw new AppFailure('conflict', 'no PACS connection yet: connect first (PACS panel, or mammoseg pacs connect)');
  return connection;
}
