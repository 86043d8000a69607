#!/usr/bin/env node
// cri_client.js SOCKET SERVICE.METHOD [REQUEST-JSON]: one call of the
// Kubernetes CRI API (runtime.v1, tests/fixtures/cri/runtime_v1.proto) on a
// runtime's unix socket, the way a kubelet makes it; prints the response as
// one JSON line.  What the tests use to have containerd's real CRI plugin run
// a pod, so that the container's log is written by containerd itself.
//
//   node tests/cri_client.js $T/ctd/sock RuntimeService.Version '{}'
//
// A gRPC error is one line on stderr ("cri_client: METHOD: CODE DETAILS") and
// exit 1; a bad invocation exits 2.  Each call has a 20 s deadline, so a
// runtime that does not answer cannot hang a test.
'use strict';
const path = require('path');
const modules = path.join(__dirname, '..', '.node', 'node_modules');
const grpc = require(path.join(modules, '@grpc', 'grpc-js'));
const loader = require(path.join(modules, '@grpc', 'proto-loader'));

const [sock, call, body = '{}'] = process.argv.slice(2);
const [service, method] = (call || '').split('.');
if (!sock || !service || !method) {
  process.stderr.write('usage: cri_client.js SOCKET SERVICE.METHOD [REQUEST-JSON]\n');
  process.exit(2);
}
let request;
try {
  request = JSON.parse(body);
} catch (e) {
  process.stderr.write(`cri_client: request: ${e.message}\n`);
  process.exit(2);
}

// keepCase: the JSON uses the .proto's snake_case names; enums as names.
const def = loader.loadSync(path.join(__dirname, 'fixtures', 'cri', 'runtime_v1.proto'),
  {keepCase: true, enums: String, longs: String, defaults: true});
const Service = grpc.loadPackageDefinition(def).runtime.v1[service];
if (!Service || !Service.service[method]) {
  process.stderr.write(`cri_client: no method ${call} in runtime_v1.proto\n`);
  process.exit(2);
}
const client = new Service(`unix://${sock}`, grpc.credentials.createInsecure());
client[method](request, {deadline: Date.now() + 20000}, (err, reply) => {
  if (err) {
    process.stderr.write(`cri_client: ${call}: ${grpc.status[err.code]} ${err.details}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(JSON.stringify(reply) + '\n');
  }
  client.close();
});
