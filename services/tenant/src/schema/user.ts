/** User: people who use the platform, provisioned on first sight of a token's `sub`. */
import { unwrap } from '@msp/subgraph-kit';
import { builder } from '../builder';
import type { UserModel } from '../model';
import { me } from '../service/users';

export const UserRef = builder.objectRef<UserModel>('User').implement({
  description: 'A person who uses the platform, or an API client’s principal (`isApiClient`).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The user id.' }),
    email: t.exposeString('email', { nullable: true, description: 'Email address, from the identity provider.' }),
    displayName: t.exposeString('displayName', {
      nullable: true,
      description: 'Display name, from the identity provider (an API client’s: its name).',
    }),
    isApiClient: t.boolean({
      description: 'Whether this is an API client’s principal rather than a person (`apiClient` names the client).',
      resolve: (user) => user.apiClientId !== null,
    }),
  }),
});

builder.asEntity(UserRef, {
  key: builder.selection<{ id: string }>('id'),
  // Only the caller and people who share a workspace or tenant with them resolve; anyone else is
  // NOT_FOUND. References of one `_entities` request are batched by the loader.
  resolveReference: async (reference, ctx) => {
    return unwrap(await ctx.loaders.user.load(reference.id));
  },
});

builder.queryFields((t) => ({
  me: t.field({
    type: UserRef,
    description: 'The caller.',
    resolve: async (_root, _args, ctx) => unwrap(await me(ctx.db, ctx.actor)),
  }),
}));
