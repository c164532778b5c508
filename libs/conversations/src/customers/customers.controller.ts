import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentAuth, ParseUuidParam, type AuthContext } from '@confab/plugin-sdk';
import { CustomerService } from './customer.service';
import { CustomerListView, CustomerView, FindCustomersQueryDto, LinkedIdentityView, LinkIdentityDto } from './customers.dto';

@ApiTags('Customers')
@ApiBearerAuth()
@Controller('api/v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomerService) {}

  @Get()
  @ApiOperation({ summary: 'Customers with an identity of this value (a phone number, widget user id, API customer id...)' })
  @ApiOkResponse({ type: CustomerListView })
  async find(@CurrentAuth() auth: AuthContext, @Query() q: FindCustomersQueryDto): Promise<CustomerListView> {
    return { items: await this.customers.find(auth.tenantId, q.identifier, q.kind) };
  }

  @Get(':id')
  @ApiOperation({ summary: "A customer's identities on every channel and conversations on every channel, newest first" })
  @ApiOkResponse({ type: CustomerView })
  @ApiNotFoundResponse({ description: 'No such customer in this tenant' })
  get(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<CustomerView> {
    return this.customers.get(auth.tenantId, id);
  }

  @Post(':id/identities')
  @ApiOperation({ summary: 'Links an identity: messages from it then belong to this customer' })
  @ApiCreatedResponse({ type: LinkedIdentityView, description: 'Linked (or moved here with merge: true)' })
  @ApiOkResponse({ type: LinkedIdentityView, description: 'Already linked to this customer; nothing changed' })
  @ApiConflictResponse({ description: 'IDENTITY_LINKED_ELSEWHERE: another customer has it (details.customerId); send merge: true to move it' })
  @ApiNotFoundResponse({ description: 'No such customer in this tenant' })
  async link(
    @CurrentAuth() auth: AuthContext,
    @Param('id', ParseUuidParam) id: string,
    @Body() dto: LinkIdentityDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LinkedIdentityView> {
    const { created, view } = await this.customers.link(auth.tenantId, id, dto);
    res.status(created ? 201 : 200);
    return view;
  }

  @Delete(':id/identities/:identityId')
  @HttpCode(204)
  @ApiOperation({ summary: "Unlinks an identity; the next message from it starts a new customer. Past conversations stay with this one." })
  @ApiNoContentResponse({ description: 'Unlinked' })
  @ApiNotFoundResponse({ description: 'No such customer, or the identity is not one of its own' })
  async unlink(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Param('identityId', ParseUuidParam) identityId: string): Promise<void> {
    await this.customers.unlink(auth.tenantId, id, identityId);
  }
}
