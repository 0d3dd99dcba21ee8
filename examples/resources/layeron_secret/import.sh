# <namespace>/<name>, or <name> in the provider's default namespace.
terraform import layeron_secret.signing_key shop/signing_key
