'use strict';
// Verifies a webhook from WeComGateway the Standard Webhooks way, with node:crypto only.
const crypto = require('node:crypto');

const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

/**
 * Checks one delivery. `headers` is a plain object with lower-case names (Node's req.headers), `rawBody` the body
 * exactly as received (string or Buffer) — never a re-serialized JSON. Returns the parsed event, or throws.
 */
function verifyWebhook(secret, headers, rawBody, { nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS } = {}) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) {
    throw new Error('missing webhook-id, webhook-timestamp or webhook-signature');
  }

  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
    throw new Error('timestamp outside the tolerance');
  }

  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  const body = Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8');
  const expected = crypto.createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
  const matches = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) {
      return false;
    }

    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
  if (!matches) {
    throw new Error('no matching signature');
  }

  return JSON.parse(body.toString('utf8'));
}

module.exports = { verifyWebhook };
