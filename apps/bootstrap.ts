/**
 * Installs the platform's security stack with Terraform's helm provider, configured from the same
 * definition as `apps/platform.ts`: `npm run bootstrap` writes `cdktf.out/stacks/platform-bootstrap/cdk.tf.json`;
 * then `cd cdktf.out/stacks/platform-bootstrap && terraform init && terraform apply` (docs/bootstrap.md).
 */
import { MeshBootstrapStack, runBootstrap } from '../lib/bootstrap';
import { platformDefinition } from './platform';

runBootstrap((app) => {
  new MeshBootstrapStack(app, 'platform-bootstrap', { definition: platformDefinition });
});
