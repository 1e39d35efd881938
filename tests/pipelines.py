"""Run the CI pipelines' own shell lines, as GitHub Actions and GitLab CI run them.

Only what the project's pipelines use is understood: `run:` steps, `if:` and `rules: - if:`
conditions made of names, quoted strings, null, ==, !=, &&, || and parentheses, `${{ }}`
in `env:` values, and GITHUB_OUTPUT / GITHUB_ENV. Anything else is refused with an error,
so that a pipeline edited beyond this stops the tests instead of being half-run.
"""

import os
import pathlib
import re
import subprocess
import tempfile

import yaml

TOKEN = re.compile(r"\s*(?:(?P<string>'[^']*'|\"[^\"]*\")|(?P<op>==|!=|&&|\|\||\(|\))|(?P<name>\$?[A-Za-z_][\w.\-]*))")


class Unsupported(Exception):
    """The pipeline uses something these tests do not know how to run."""


def evaluate(expression, resolve):
    """The value of a condition; `resolve(name)` gives a name's value ("" or None if unset)."""
    tokens, position = [], 0
    expression = expression.strip()
    while position < len(expression):
        match = TOKEN.match(expression, position)
        if not match or match.end() == position:
            raise Unsupported(f"cannot read {expression!r} at {expression[position:]!r}")
        tokens.append(match)
        position = match.end()
    tokens.append(None)
    index = 0

    def peek():
        token = tokens[index]
        return token and (token.group("op") or "")

    def take():
        nonlocal index
        index += 1
        return tokens[index - 1]

    def atom():
        token = take()
        if token is None:
            raise Unsupported(f"{expression!r} ends too early")
        if token.group("op") == "(":
            value = either()
            if take() is None or tokens[index - 1].group("op") != ")":
                raise Unsupported(f"unbalanced parentheses in {expression!r}")
            return value
        if token.group("string"):
            return token.group("string")[1:-1]
        name = token.group("name")
        if not name:
            raise Unsupported(f"unexpected {token.group(0)!r} in {expression!r}")
        if name == "null":
            return None
        if name in ("true", "false"):
            return name == "true"
        return resolve(name)

    def comparison():
        left = atom()
        if peek() in ("==", "!="):
            operator, right = take().group("op"), atom()
            return (left == right) if operator == "==" else (left != right)
        return left

    def both():
        value = comparison()
        while peek() == "&&":
            take()
            right = comparison()
            value = value and right
        return value

    def either():
        value = both()
        while peek() == "||":
            take()
            right = both()
            value = value or right
        return value

    result = either()
    if tokens[index] is not None:
        raise Unsupported(f"cannot read the end of {expression!r}")
    return result


def substitute(text, resolve):
    """A string with each ${{ expression }} replaced by its value."""
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(evaluate(m.group(1), resolve) or ""), str(text))


def run_script(script, cwd, env, log):
    """Run a shell script as a CI runner does (bash -e); append what it prints to `log`."""
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False, encoding="utf-8") as file:
        file.write(script)
    try:
        result = subprocess.run(
            ["bash", "-e", file.name], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
        )
    finally:
        os.unlink(file.name)
    log.append(f"$ {script}\n{result.stdout}{result.stderr}")
    return result.returncode


class GithubJob:
    """One job of a GitHub Actions workflow, run step by step in a checkout."""

    # Actions that need GitHub itself; the checkout is the folder the job runs in.
    SKIPPED_ACTIONS = (
        "actions/checkout@",
        "actions/cache@",
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
    )

    def __init__(self, workflow_path, job):
        self.job = yaml.safe_load(pathlib.Path(workflow_path).read_text(encoding="utf-8"))["jobs"][job]

    def run(self, checkout, secrets, inputs=None, event="push", base_env=None):
        """Run the job's steps; return (exit code of the first failing step or 0, log lines)."""
        with tempfile.TemporaryDirectory(prefix="runner-") as temp:
            return self._run(checkout, secrets, inputs, event, base_env, temp)

    def _run(self, checkout, secrets, inputs, event, base_env, temp):
        outputs_file, env_file = os.path.join(temp, "output"), os.path.join(temp, "env")
        steps, env, log = {}, dict(base_env or os.environ), []
        env.update(CI="true", GITHUB_ACTIONS="true", GITHUB_EVENT_NAME=event, RUNNER_TEMP=temp)
        inputs = inputs or {}

        def resolve(name):
            parts = name.split(".")
            if parts[0] == "secrets":
                return secrets.get(parts[1], "")
            if parts[0] == "inputs":
                return inputs.get(parts[1], "")
            if parts[0] == "env":
                return env.get(parts[1], "")
            if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
                return steps.get(parts[1], {}).get(parts[3], "")
            if parts[0] == "github" and parts[1:] == ["event_name"]:
                return event
            raise Unsupported(f"unknown name {name}")

        for name, value in (self.job.get("env") or {}).items():
            env[name] = substitute(value, resolve)
        for step in self.job["steps"]:
            if "if" in step and not evaluate(str(step["if"]).removeprefix("${{").removesuffix("}}"), resolve):
                continue
            if "uses" in step:
                if not step["uses"].startswith(self.SKIPPED_ACTIONS):
                    raise Unsupported(f"no way to run the action {step['uses']} here")
                continue
            script = step["run"]
            if "${{" in script:
                raise Unsupported(f"expression inside run: of step {step.get('name')}: pass it through env:")
            step_env = dict(env, GITHUB_OUTPUT=outputs_file, GITHUB_ENV=env_file)
            for name, value in (step.get("env") or {}).items():
                step_env[name] = substitute(value, resolve)
            for path in (outputs_file, env_file):
                open(path, "w").close()
            code = run_script(script, checkout, step_env, log)
            if code:
                return code, log
            steps[step.get("id", "")] = dict(_pairs(outputs_file))
            env.update(_pairs(env_file))
        return 0, log


def _pairs(path):
    with open(path, encoding="utf-8") as source:
        for line in source:
            if "=" in line:
                name, value = line.rstrip("\n").split("=", 1)
                yield name, value


class GitlabPipeline:
    """The jobs of .gitlab-ci.yml, their rules, and their script lines."""

    def __init__(self, path):
        self.config = yaml.safe_load(pathlib.Path(path).read_text(encoding="utf-8"))

    def job(self, name):
        job = dict(self.config[name])
        for parent in [job.pop("extends")] if isinstance(job.get("extends"), str) else job.pop("extends", []):
            job = {**self.config[parent], **job}
        return job

    @property
    def job_names(self):
        reserved = {"default", "variables", "stages", "workflow", "include"}
        return [name for name in self.config if name not in reserved and not name.startswith(".")]

    def variables(self, name, variables):
        """Pipeline variables, then the job's, then those of the project (CI/CD settings) and the run."""
        return {**(self.config.get("variables") or {}), **(self.job(name).get("variables") or {}), **variables}

    def runs(self, name, variables):
        """Whether the job is in a pipeline with these variables (its first matching rule)."""
        values = self.variables(name, variables)
        for rule in self.job(name).get("rules", []):
            if set(rule) - {"if", "when"}:
                raise Unsupported(f"rule {rule} of {name}")
            if "if" not in rule or evaluate(rule["if"], lambda n: values.get(n.lstrip("$"))):
                return rule.get("when", "on_success") != "never"
        return not self.job(name).get("rules")

    def run(self, name, checkout, variables, base_env=None):
        """Run before_script and script in one shell, as the runner does; return (code, log)."""
        job = self.job(name)
        env = {
            **(base_env or os.environ),
            "CI": "true",
            "GITLAB_CI": "true",
            **{k: str(v) for k, v in self.variables(name, variables).items()},
        }
        lines = [*job.get("before_script", []), *job["script"]]
        log = []
        return run_script("\n".join(lines) + "\n", checkout, env, log), log
