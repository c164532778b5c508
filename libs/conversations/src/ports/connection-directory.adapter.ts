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

  ensure(tenantId: string, type: string, assistantId: string): Promise<Connection<Record<string, unknown>>> {
    return this.connections.ensure(tenantId, type, assistantId);
  }
}
