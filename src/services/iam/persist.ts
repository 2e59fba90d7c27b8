/**
 * IAM state across a restart: the tokens issued while the mock ran (users and projects come
 * from the scenario). The state file holds them, so it is written readable by its owner only.
 */
import { type Persistence } from '../../core/service.js';
import { type IamModel, type IssuedToken } from './model.js';

type SavedToken = Omit<IssuedToken, 'user'> & { readonly user: string };

export const iamPersistence: Persistence<IamModel> = {
  save(model): { tokens: SavedToken[] } {
    return { tokens: [...model.tokens.values()].map((t) => ({ ...t, user: t.user.name })) };
  },

  restore(model, data) {
    model.tokens.clear();
    for (const saved of (data as { tokens: SavedToken[] }).tokens) {
      const user = model.users.get(saved.user);
      if (!user) throw new Error(`IAM user ${saved.user} is not in the scenario`);
      if (!model.projects.has(saved.projectId)) throw new Error(`IAM project ${saved.projectId} is not in the scenario`);
      model.tokens.set(saved.token, { ...saved, user });
    }
  },
};
