'use strict';
// node selftest.js: the Standard Webhooks specification's test vector, a changed body and a stale timestamp.
const assert = require('node:assert');
const { verifyWebhook } = require('./verify');

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const headers = {
  'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  'webhook-timestamp': '1614265330',
  'webhook-signature': 'v1,AAAA v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const at = { nowSeconds: 1614265330 };

assert.deepStrictEqual(verifyWebhook(secret, headers, '{"test": 2432232314}', at), { test: 2432232314 });
assert.throws(() => verifyWebhook(secret, headers, '{"test": 2432232315}', at), /no matching signature/);
assert.throws(() => verifyWebhook(secret, headers, '{"test": 2432232314}', { nowSeconds: 1614265330 + 301 }), /tolerance/);
assert.throws(() => verifyWebhook(secret, { ...headers, 'webhook-signature': undefined }, '{}', at), /missing/);
console.log('ok');
