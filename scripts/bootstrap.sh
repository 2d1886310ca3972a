#!/usr/bin/env bash
# Shared set-up for run.sh and test.sh: virtualenv, pinned packages, keys, translations.
# Idempotent: a second run only checks and moves on.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

REQS=${1:-requirements/base.txt}
PY=${PYTHON:-python3}

# Debian packages the platform itself needs: gettext compiles the translation catalog; the CJK fonts
# set 公文 exported as PDF (Noto Serif/Sans CJK for 宋体/仿宋/黑体, AR PL UKai for 楷体 headings) — without
# them WeasyPrint prints empty boxes for every Chinese character.
packages=()
command -v msgfmt >/dev/null 2>&1 || packages+=(gettext)
fonts=$(fc-list 2>/dev/null || true)
grep -qi "Noto Serif CJK" <<<"$fonts" || packages+=(fonts-noto-cjk)
grep -qi "UKai" <<<"$fonts" || packages+=(fonts-arphic-ukai)
if [ ${#packages[@]} -gt 0 ]; then
  say "Installing Debian packages: ${packages[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  say "Creating the virtualenv (.venv) with $($PY --version)"
  $PY -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements/*.txt | sha256sum | cut -c1-16)-$(basename "$REQS")"
if [ ! -f "$stamp" ]; then
  say "Installing pinned packages from $REQS"
  .venv/bin/pip install -q --disable-pip-version-check -r "$REQS"
  touch "$stamp"
else
  say "Packages already installed ($REQS)"
fi

mkdir -p var
if [ ! -s var/secret_key ]; then
  say "Generating a secret key in var/secret_key"
  .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
  chmod 600 var/secret_key
fi
if [ ! -s var/field_key ]; then
  say "Generating the SM4 data key in var/field_key (keep it with the database backups)"
  .venv/bin/python -c "import secrets; print(secrets.token_hex(16))" > var/field_key
  chmod 600 var/field_key
fi

say "Compiling the Chinese translation catalog"
for dir in locale */locale; do
  [ -d "$dir" ] || continue
  find "$dir" -name '*.po' | while read -r po; do
    mo="${po%.po}.mo"
    if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then msgfmt --check-format -o "$mo" "$po"; fi
  done
done
