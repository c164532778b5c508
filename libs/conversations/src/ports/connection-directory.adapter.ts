import { Injectable } from '@nestjs/common';
import { ConnectionDirectory, type Connection } from '@confab/plugin-sdk';
import { ConnectionService } from '../connections/connection.service';

@Injectable()
export class ConnectionDirectoryAdapter extends ConnectionDirectory {
  constructor(private readonly connections: ConnectionService) {
    super();
  }

  load<TConfig extends object>(connectionId: string, scope: { type: string; tenantId?: string }): Promise<Connection<TConfig>> {
    return this.connections.load<TConfig>(connectionId, scope);
  }

  saveState(connection: Connection<any>, patch: Record<string, unknown>): Promise<void> {
    return this.connections.saveState(connection.tenantId, connection.id, patch);
  }

  ensure(tenantId: string, type: string, assistantId: string): Promise<Connection<Record<string, unknown>>> {
    return this.connections.ensure(tenantId, type, assistantId);
  }
}
