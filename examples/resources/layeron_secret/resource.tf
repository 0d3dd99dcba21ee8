# A random key: 32 bytes from crypto/rand, written straight to the store.
# Every 30 days the plan shows an in-place update that rotates it; the
# previous version stays usable for 7 days as a retained copy.
resource "layeron_secret" "signing_key" {
  name = "signing_key"
  kind = "random"

  rotation = {
    every_days = 30
    retain     = { mode = "retain_for", days = 7 }
  }

  consume = {
    address = "SIGNING_KEY"
    expose  = "versioned"
  }
}
