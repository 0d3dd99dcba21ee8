terraform {
  required_providers {
    cloudflare = { source = "cloudflare/cloudflare" }
    layeron    = { source = "layeron/layeron" }
  }
}

# Terraform forgets the old resource; the store secret STRIPE_KEY stays as it
# is, so the Workers bound to it keep working.
removed {
  from = cloudflare_secrets_store_secret.stripe_key

  lifecycle {
    destroy = false
  }
}

# The copy that `layeron secret adopt STRIPE_KEY shop/stripe_key` made.
import {
  to = layeron_secret.stripe_key
  id = "shop/stripe_key"
}

resource "layeron_secret" "stripe_key" {
  namespace = "shop"
  name      = "stripe_key"
  kind      = "generated"

  # What later `layeron secret put` runs keep, once the import is done:
  # rotation = { retain = { mode = "retain_for", days = 7 } }
}
