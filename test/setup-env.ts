// Warnings go to stderr in real runs; tests that check them read `SecureMesh.warnings` instead.
process.env.SECURE_MESH_QUIET ??= '1';
process.env.CDK8S_CHECK_UPGRADE = 'false';
