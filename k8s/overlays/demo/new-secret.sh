#!/usr/bin/env bash
# Writes the demo's secrets, random, to secret.env beside this script (or to the file given), which
# kustomize turns into the Secret aval-secrets at apply time (secretGenerator in kustomization.yaml).
# The file is git-ignored and never overwritten: the database keeps the password it was created
# with, so keep the file as long as the demo's PostgreSQL volume lives.
#   k8s/overlays/demo/new-secret.sh && kubectl apply -k k8s/overlays/demo
set -euo pipefail
FILE=${1:-"$(cd "$(dirname "$0")" && pwd)/secret.env"}
if [[ -e "$FILE" ]]; then
  echo "$FILE exists: keeping it (delete it, and the demo's database volume, to start over)" >&2
  exit 0
fi
# random url-safe characters: 32 bytes make 43 of them
random() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
umask 077
cat > "$FILE" <<SECRET
QUARKUS_DATASOURCE_USERNAME=aval
QUARKUS_DATASOURCE_PASSWORD=$(random)
AVAL_ADMIN_API_KEY=avk_admin_$(random)
AVAL_CONSOLE_SESSION_KEY=$(random)
SECRET
echo "wrote $FILE; the admin key is its AVAL_ADMIN_API_KEY line" >&2
