# The copy that `layeron secret adopt STRIPE_KEY shop/stripe_key` made.
import {
  to = layeron_secret.stripe_key
  id = "shop/stripe_key"
}

resource "layeron_secret" "stripe_key" {
  namespace = "shop"
  name      = "stripe_key"
  kind      = "generated"
}
