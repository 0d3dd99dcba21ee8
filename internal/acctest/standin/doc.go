// Package standin serves, in the tests, the part of other providers that the
// guides' examples use beside layeron: hashicorp/random's ephemeral
// random_password and cloudflare/cloudflare's cloudflare_secrets_store_secret.
// Neither provider installs offline, and the examples are applied as written.
// Each keeps the real resource's attribute names and its behaviour where the
// examples rely on it: a new password on every open, a value kept in state.
package standin
