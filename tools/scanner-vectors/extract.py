#!/usr/bin/env python3
"""Extracts the test keys of gitleaks' default rules and secretlint's recommended preset into
tests/fixtures/credentials/scanner-vectors.json, with provenance (repo, path, commit).

    tools/scanner-vectors/extract.py GITLEAKS_GIT_DIR SECRETLINT_GIT_DIR

Both arguments are git directories (bare or not) of github.com/gitleaks/gitleaks and
github.com/secretlint/secretlint; the script reads them with `git show`, never a work tree.
Run by hand when a scanner is bumped; CI only reads the committed fixture.

Where gitleaks builds a test key at run time (secrets.NewSecret over a pattern), this script
draws one from the rule's own regex (config/gitleaks.toml), seeded by the rule id, so the output is
deterministic; such vectors say `"origin": "generated from the rule regex"`.
"""
import json
import random
import re
import re._parser as sre_parse  # Python >= 3.11
import re._constants as sre_c
import subprocess
import sys
import tomllib

OUT = "tests/fixtures/credentials/scanner-vectors.json"

# Rules that do not describe a self-identifying key: keyword-context rules are detected by the
# variable name next to the value, the others are files, URLs with passwords or whole documents.
NOT_A_KEY = {
    "curl-auth-header", "curl-auth-user", "private-key", "pkcs12-file", "kubernetes-secret-yaml",
    "nuget-config-password", "jwt", "jwt-base64", "generic-api-key", "sidekiq-sensitive-url",
    "hashicorp-tf-password",
}


# The secret is the whole match: the rule's only group is a repeated fragment.
WHOLE_MATCH = {"microsoft-teams-webhook"}
# Rules outside the keyword-context family that still need the variable name next to the value.
KEYWORD_CONTEXT = {"freemius-secret-key"}
# Keyword rules whose secret group starts with a distinctive prefix (or has a distinctive layout).
PREFIXED_IN_KEYWORD_RULE = {
    "defined-networking-api-token", "new-relic-browser-api-token", "new-relic-insert-key",
    "new-relic-user-api-key", "typeform-api-token", "yandex-api-key", "mapbox-api-token",
    "twitter-bearer-token", "plaid-api-token",
}
# Alternatives some self-identifying rules also accept that carry no prefix at all.
NOT_SELF_IDENTIFYING_VECTOR = {
    "sourcegraph-access-token": lambda k: None if k.startswith("sgp_") else "the rule's bare 40-hex alternative",
    "vault-service-token": lambda k: None if k.startswith("hvs.") else "the rule's legacy `s.` + 24 alternative (no distinctive prefix)",
}
VENDOR = {
    "1password": "1password", "adobe": "adobe", "age": "age", "airtable": "airtable", "alibaba": "alibaba",
    "anthropic": "anthropic", "artifactory": "jfrog", "authress": "authress", "aws": "aws", "azure": "azure",
    "clickhouse": "clickhouse", "clojars": "clojars", "cloudflare": "cloudflare", "databricks": "databricks",
    "digitalocean": "digitalocean", "doppler": "doppler", "duffel": "duffel", "dynatrace": "dynatrace",
    "easypost": "easypost", "facebook": "facebook", "flutterwave": "flutterwave", "flyio": "flyio",
    "frameio": "frameio", "gcp": "google", "github": "github", "gitlab": "gitlab", "grafana": "grafana",
    "harness": "harness", "hashicorp": "hashicorp", "heroku": "heroku", "huggingface": "huggingface",
    "infracost": "infracost", "intra42": "intra42", "linear": "linear", "maxmind": "maxmind",
    "microsoft": "microsoft", "notion": "notion", "npm": "npm", "octopus": "octopus", "openai": "openai",
    "openshift": "openshift", "perplexity": "perplexity", "planetscale": "planetscale", "postman": "postman",
    "prefect": "prefect", "pulumi": "pulumi", "pypi": "pypi", "readme": "readme", "rubygems": "rubygems",
    "scalingo": "scalingo", "sendgrid": "sendgrid", "sendinblue": "brevo", "sentry": "sentry",
    "settlemint": "settlemint", "shippo": "shippo", "shopify": "shopify", "slack": "slack",
    "sourcegraph": "sourcegraph", "square": "square", "stripe": "stripe", "twilio": "twilio",
    "vault": "hashicorp", "hashicorp-vault": "hashicorp", "defined": "definednetworking", "new": "newrelic",
    "typeform": "typeform", "yandex": "yandex", "mapbox": "mapbox", "twitter": "twitter", "plaid": "plaid",
    "groq": "groq", "vercel": "vercel", "figma": "figma", "tailscale": "tailscale", "docker": "docker",
    "octopus-deploy": "octopus",
}


def vendor_of(scanner, rule):
    name = rule.split("secretlint-rule-")[-1] if scanner == "secretlint" else rule
    if name in VENDOR:
        return VENDOR[name]
    return VENDOR[name.split("-")[0]]


def git_show(git_dir, rev_path):
    return subprocess.check_output(["git", "--git-dir", git_dir, "show", rev_path])


def git_ls(git_dir, commit, path):
    out = subprocess.check_output(["git", "--git-dir", git_dir, "ls-tree", "-r", "--name-only", commit, path])
    return out.decode().splitlines()


def go_to_python_regex(rx):
    """RE2 syntax gitleaks uses that Python's `re` spells differently."""
    rx = rx.replace("[[:alnum:]]", "[a-zA-Z0-9]").replace("\\z", "\\Z")
    # A flag group in the middle, `p8e-(?i)[a-z0-9]{32}`, applies to the end of its group in RE2;
    # Python only accepts it at the start, so scope it explicitly.
    while True:
        m = re.search(r"\(\?(-?i)\)", rx)
        if not m or m.start() == 0:
            if m and m.start() == 0:
                rx = "(?i:" + rx[m.end():] + ")"
                continue
            break
        depth, j, esc, in_class = 0, m.end(), False, False
        while j < len(rx):
            ch = rx[j]
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif in_class:
                if ch == "]":
                    in_class = False
            elif ch == "[":
                in_class = True
            elif ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            elif ch == "|" and depth == 0:
                break
            j += 1
        rx = rx[: m.start()] + "(?" + m.group(1) + ":" + rx[m.end():j] + ")" + rx[j:]
    return rx


def sample(pattern, rng):
    """One string the regex matches (lookarounds and anchors are skipped)."""
    parsed = sre_parse.parse(pattern)

    def gen(items):
        out = []
        for op, av in items:
            if op is sre_c.LITERAL:
                out.append(chr(av))
            elif op is sre_c.NOT_LITERAL:
                out.append("x" if chr(av) != "x" else "y")
            elif op is sre_c.ANY:
                # An unescaped `.` in these rules stands for a literal dot (`hooks.slack.com`).
                out.append(".")
            elif op is sre_c.IN:
                out.append(pick_in(av))
            elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
                lo, hi, sub = av
                if hi is sre_c.MAXREPEAT:
                    hi = lo + 8
                n = rng.randint(lo, hi)
                for _ in range(n):
                    out.append(gen(sub))
            elif op is sre_c.SUBPATTERN:
                out.append(gen(av[-1]))
            elif op is sre_c.ATOMIC_GROUP:
                out.append(gen(av))
            elif op is sre_c.BRANCH:
                branches = av[1]
                # Prefer a branch that produces text over `$`/`\b` endings.
                out.append(gen(rng.choice(branches)))
            elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT, sre_c.GROUPREF):
                pass
            else:
                raise ValueError(f"unsupported regex op {op}")
        return "".join(out)

    def pick_in(items):
        negate = any(op is sre_c.NEGATE for op, _ in items)
        chars = []
        for op, av in items:
            if op is sre_c.LITERAL:
                chars.append(chr(av))
            elif op is sre_c.RANGE:
                chars.extend(chr(c) for c in range(av[0], av[1] + 1))
            elif op is sre_c.CATEGORY:
                if av is sre_c.CATEGORY_DIGIT:
                    chars.extend("0123456789")
                elif av is sre_c.CATEGORY_WORD:
                    chars.extend("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
                elif av is sre_c.CATEGORY_SPACE:
                    chars.append(" ")
                else:
                    chars.append("x")
        if negate:
            pool = [c for c in "abcdefghijklmnopqrstuvwxyz0123456789 ._-:/" if c not in chars] or ["~"]
            return rng.choice(pool)
        return rng.choice(chars)

    return gen(parsed)


def secret_of(rx, text, secret_group, whole=False):
    m = rx.search(text)
    if not m:
        return None
    if m.re.groups >= 1 and not whole:
        if secret_group:
            return m.group(secret_group)
        for g in m.groups():
            if g:
                return g
    return m.group(0)


def go_literals(src):
    """(offset, value) of every Go string literal in `src`."""
    for m in re.finditer(r'`([^`]*)`|"((?:[^"\\\n]|\\.)*)"', src):
        if m.group(1) is not None:
            yield m.start(), m.group(1)
        else:
            try:
                yield m.start(), json.loads('"' + m.group(2) + '"')
            except json.JSONDecodeError:
                yield m.start(), m.group(2)


def block_after(src, start):
    """The text of the `{...}` or `(...)` opened first after `start`."""
    m = re.compile(r"[{(]").search(src, start)
    if not m:
        return ""
    open_ch = m.group(0)
    close_ch = "}" if open_ch == "{" else ")"
    depth, i = 0, m.start()
    in_str = None
    while i < len(src):
        ch = src[i]
        if in_str:
            if ch == "\\" and in_str == '"':
                i += 2
                continue
            if ch == in_str:
                in_str = None
        elif ch in "\"`":
            in_str = ch
        elif ch == open_ch:
            depth += 1
        elif ch == close_ch:
            depth -= 1
            if depth == 0:
                return src[m.start() : i + 1]
        i += 1
    return src[m.start() :]


def gitleaks(git_dir):
    commit = subprocess.check_output(["git", "--git-dir", git_dir, "rev-parse", "HEAD"]).decode().strip()
    config = tomllib.loads(git_show(git_dir, f"{commit}:config/gitleaks.toml").decode())
    go_files = {p: git_show(git_dir, f"{commit}:{p}").decode() for p in git_ls(git_dir, commit, "cmd/generate/config/rules") if p.endswith(".go")}
    rules = []
    for r in config["rules"]:
        rid = r["id"]
        raw = r.get("regex", "")
        semi_generic = "[\\w.-]{0,50}?" in raw
        path, body = None, ""
        for p, src in go_files.items():
            m = re.search(r'RuleID:\s*"' + re.escape(rid) + '"', src)
            if m:
                fn_start = src.rfind("\nfunc ", 0, m.start())
                fn_end = src.find("\nfunc ", m.end())
                path, body = p, src[fn_start : fn_end if fn_end > 0 else len(src)]
                break
        entry = {"scanner": "gitleaks", "rule": rid, "path": path, "regex_path": "config/gitleaks.toml", "tps": [], "fps": []}
        try:
            rx = re.compile(go_to_python_regex(raw)) if raw else None
        except re.error as err:
            entry["note"] = f"regex not portable to Python: {err}"
            rx = None
        group = r.get("secretGroup", 0)
        whole = rid in WHOLE_MATCH
        if rx is not None:
            # Literal true positives in the rule's Go source (tps := ... / tps = append(tps, ...)).
            for m in re.finditer(r"\btps\s*(?::=|=)", body):
                for _, lit in go_literals(block_after(body, m.end()) if body[m.end():].lstrip().startswith(("[", "append", "utils")) else ""):
                    s = secret_of(rx, " " + lit + " ", group, whole)
                    if s and s not in [t["key"] for t in entry["tps"]]:
                        entry["tps"].append({"key": s, "origin": "literal in tps"})
            rng = random.Random(rid)
            for _ in range(3):
                for _attempt in range(20):
                    try:
                        text = sample(go_to_python_regex(raw), rng)
                    except ValueError as err:
                        entry["note"] = str(err)
                        break
                    s = secret_of(rx, " " + text + " ", group, whole)
                    if s:
                        if s not in [t["key"] for t in entry["tps"]]:
                            entry["tps"].append({"key": s, "origin": "generated from the rule regex"})
                        break
        for m in re.finditer(r"\bfps\s*(?::=|=)", body):
            for _, lit in go_literals(block_after(body, m.end())):
                if lit not in entry["fps"]:
                    entry["fps"].append(lit)
        if rid in NOT_A_KEY:
            entry["class"] = "not-a-key"
        elif rid in PREFIXED_IN_KEYWORD_RULE:
            entry["class"] = "self-identifying"
            entry["note"] = "a keyword rule whose secret still carries a distinctive prefix or layout"
        elif semi_generic or rid in KEYWORD_CONTEXT:
            entry["class"] = "keyword-context"
        else:
            entry["class"] = "self-identifying"
        if entry["class"] == "self-identifying":
            entry["expect"] = vendor_of("gitleaks", rid)
            for t in entry["tps"]:
                why = NOT_SELF_IDENTIFYING_VECTOR.get(rid, lambda k: None)(t["key"])
                if why:
                    t["self_identifying"] = False
                    t["why"] = why
        rules.append(entry)
    return {"repo": "gitleaks/gitleaks", "commit": commit}, rules


# Snapshots whose reported text is a file fragment or URL, not a key.
SECRETLINT_NOT_A_KEY_SNAPSHOT = {
    ("npm", "npmrc-_authToken"), ("npm", "package-lock.json-has-x-oauth-basic"),
    ("npm", "package.json-has-x-oauth-basic"),
}
# Snapshots of values found by the name next to them (no distinctive prefix).
SECRETLINT_KEYWORD_SNAPSHOT = {
    ("aws", "ng.AWS Account ID"), ("aws", "ng.AWS Secret Access Key"),
    ("azure", "ng.ad_tenant_id"), ("azure", "ng.azure_client_id"),
}
SECRETLINT_NOT_A_KEY = {"basicauth", "database-connection-string", "privatekey", "filter-comments", "gcp"}


def secretlint(git_dir):
    commit = subprocess.check_output(["git", "--git-dir", git_dir, "rev-parse", "HEAD"]).decode().strip()
    preset = git_show(git_dir, f"{commit}:packages/@secretlint/secretlint-rule-preset-recommend/src/index.ts").decode()
    names = re.findall(r'from "@secretlint/secretlint-rule-([a-z0-9-]+)"', preset)
    rules = []
    for name in names:
        base = f"packages/@secretlint/secretlint-rule-{name}/test/snapshots"
        outputs = [p for p in git_ls(git_dir, commit, base) if p.endswith("/output.json")]
        for out_path in outputs:
            snap = out_path[len(base) + 1 : -len("/output.json")]
            data = json.loads(git_show(git_dir, f"{commit}:{out_path}"))
            content = data.get("sourceContent") or ""
            if not isinstance(content, str):
                continue
            entry = {"scanner": "secretlint", "rule": f"@secretlint/secretlint-rule-{name}", "snapshot": snap, "path": out_path, "tps": [], "fps": []}
            msgs = data.get("messages", [])
            for msg in msgs:
                a, b = msg["range"]
                # Ranges count UTF-16 code units; the snapshots are ASCII where keys are.
                key = content[a:b]
                entry["tps"].append({"key": key, "origin": f"snapshot {snap}, message {msg.get('messageId')}"})
            if not msgs:
                # `ok.allows`, `options.allows`, `…--enableIDScanRule-false`: a real key the
                # snapshot silences through a rule option, not a false-positive example.
                if "allows" in snap or "--" in snap:
                    entry["option_test"] = content
                else:
                    entry["fps"].append(content)
            if name in SECRETLINT_NOT_A_KEY or (name, snap) in SECRETLINT_NOT_A_KEY_SNAPSHOT:
                entry["class"] = "not-a-key"
            elif (name, snap) in SECRETLINT_KEYWORD_SNAPSHOT:
                entry["class"] = "keyword-context"
            else:
                entry["class"] = "self-identifying"
                entry["expect"] = vendor_of("secretlint", name)
            rules.append(entry)
    return {"repo": "secretlint/secretlint", "commit": commit}, rules


def main():
    gl_src, gl_rules = gitleaks(sys.argv[1])
    sl_src, sl_rules = secretlint(sys.argv[2])
    doc = {
        "about": "Test keys of gitleaks' default rules and secretlint's recommended preset (tools/scanner-vectors/extract.py). "
        "The keys are the scanners' own published test data: fake, or long revoked. `expect` is authlens's vendor id for the rule.",
        "sources": {"gitleaks": gl_src, "secretlint": sl_src},
        "rules": gl_rules + sl_rules,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(gl_rules)} gitleaks rules, {len(sl_rules)} secretlint snapshots -> {OUT}")


if __name__ == "__main__":
    main()
