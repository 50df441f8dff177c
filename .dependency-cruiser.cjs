// The direction of dependencies (GUIDE.md section 1): manifests and the domain are pure, the two
// deployables never import each other, and there are no cycles.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'manifests-is-pure',
      comment: 'manifests/ renders and parses text only: no project code outside it, no I/O library.',
      severity: 'error',
      from: { path: '^manifests/', pathNot: '\\.test\\.ts$' },
      to: {
        pathNot: ['^manifests/', 'node_modules/(m3u8-parser|mpd-parser)/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'domain-is-pure',
      comment: 'packager/domain/ does no I/O: only itself and manifests/.',
      severity: 'error',
      from: { path: '^packager/domain/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: ['^packager/domain/', '^manifests/'] },
    },
    {
      name: 'packager-is-a-library',
      comment: 'packager/ is used by both deployables and imports neither.',
      severity: 'error',
      from: { path: '^packager/' },
      to: { path: '^(origin|workers)/' },
    },
    {
      name: 'origin-does-not-import-workers',
      comment:
        'The deployables share the job contract in packager/queue/, never each other. The all-in-one root is the one place that composes both.',
      severity: 'error',
      from: { path: '^origin/', pathNot: '^origin/all-in-one\\.ts$' },
      to: { path: '^workers/' },
    },
    {
      name: 'workers-do-not-import-origin',
      severity: 'error',
      from: { path: '^workers/' },
      to: { path: '^origin/' },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      from: { path: '^(origin|packager|workers|manifests)/', pathNot: '\\.test\\.ts$' },
      to: { path: '(^test/|\\.test\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
