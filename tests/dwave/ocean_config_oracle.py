"""Runs the dwave.conf scenarios of fixtures/dwave_conf_scenarios.json through D-Wave's own
config loader (dwave-cloud-client's dwave/cloud/config/loaders.py and models.py, with homebase)
and records what it resolves under "ocean"; config_test.ts asserts our loader against that.

    python3 tests/dwave/ocean_config_oracle.py OCEAN_SRC [--write]

OCEAN_SRC is a directory holding dwave/cloud/config/{loaders,models,constants,exceptions}.py,
dwave/cloud/package_info.py and homebase/ (copied from the dwave-cloud-client 0.14.4 and
homebase repositories; pydantic, orjson and urllib3 installed). Without --write it checks that
the recorded outcomes still match and exits 1 if one does not.
"""
import json, logging, os, sys, tempfile

logging.Logger.trace = lambda *a, **k: None  # the package adds this level itself
sys.path.insert(0, sys.argv[1])
from dwave.cloud.config.loaders import load_config  # noqa: E402
from dwave.cloud.config.models import load_config_v1  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "fixtures", "dwave_conf_scenarios.json")


def outcome(scenario):
    root = tempfile.mkdtemp(prefix="ocean-conf-")
    sub = lambda s: s.replace("{root}", root)
    for path, text in scenario["files"].items():
        os.makedirs(os.path.dirname(sub(path)), exist_ok=True)
        with open(sub(path), "w") as f:
            f.write(text)
    os.makedirs(root + "/work", exist_ok=True)
    saved = dict(os.environ)
    for name in list(os.environ):
        if name.startswith("DWAVE_") or name.startswith("XDG_"):
            del os.environ[name]
    os.environ["HOME"] = root + "/home/u"
    os.environ["XDG_CONFIG_DIRS"] = root + "/etc/xdg"
    os.environ.update({k: sub(v) for k, v in scenario["env"].items()})
    cwd = os.getcwd()
    os.chdir(root + "/work")
    try:
        args = {k: sub(v) for k, v in scenario["args"].items()}
        raw = load_config(**args)
        config = load_config_v1(raw)
        return {
            "token": config.token,
            "endpoint": config.endpoint,
            "region": config.region,
            "solver": raw.get("solver") or None,
            "request_timeout": config.request_timeout,
            "polling_timeout": config.polling_timeout,
            "poll_wait_time": config.polling_schedule.wait_time
            if hasattr(config.polling_schedule, "wait_time") else None,
            "headers": dict(config.headers or {}),
        }
    except Exception as e:  # the class is what the table states
        return {"error": type(e).__name__}
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved)


def main():
    scenarios = json.load(open(PATH))
    bad = 0
    for s in scenarios:
        got = outcome(s)
        if "--write" in sys.argv:
            s["ocean"] = got
        elif s.get("ocean") != got:
            bad += 1
            print(f"MISMATCH {s['name']}: recorded {s.get('ocean')}, Ocean says {got}")
    if "--write" in sys.argv:
        with open(PATH, "w") as f:
            json.dump(scenarios, f, indent=1)
            f.write("\n")
    print(f"{len(scenarios)} scenarios, {bad} mismatches")
    sys.exit(1 if bad else 0)


main()
