#!/usr/bin/env python3
"""Checks the Kubernetes manifests of examples/k8s/ without a cluster.

kubectl's client-side dry run needs an API server to map kinds, and none can
run here, so this checks what a server's validation and the kubelet would
refuse, for the kinds the examples use (Namespace, ConfigMap, DaemonSet):
the fields each must have and their types, unknown fields at the levels
lc-agent's manifest uses, names that must be DNS labels, a selector that
matches the pod template, every volumeMount naming a volume, every
configMap volume naming a ConfigMap of the same file and namespace, hostPath
types, resource quantities, and the lc-agent container's arguments, each an
option that `lc-agent --help` lists.  Prints "FILE: doc N: what" per
problem and exits 1 if there was any.

  check_k8s.py BIN_DIR FILE.yaml...
"""
import re
import subprocess
import sys

import yaml

DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
QUANTITY = re.compile(r"^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$")
HOSTPATH_TYPES = {"", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"}
# Fields allowed at each level checked (a subset of the API's, enough to
# catch a misspelt or misplaced key in these manifests).
POD_SPEC = {"containers", "volumes", "tolerations", "priorityClassName", "terminationGracePeriodSeconds",
            "serviceAccountName", "nodeSelector", "hostPID", "hostNetwork", "securityContext", "initContainers",
            "dnsPolicy", "affinity"}
CONTAINER = {"name", "image", "args", "command", "env", "securityContext", "resources", "livenessProbe",
             "readinessProbe", "volumeMounts", "ports", "imagePullPolicy", "workingDir"}
MOUNT = {"name", "mountPath", "readOnly", "mountPropagation", "subPath"}
PROPAGATION = {"None", "HostToContainer", "Bidirectional"}


class Checker:
    def __init__(self, bin_dir):
        self.problems = []
        self.agent_options = set(re.findall(r"(--[a-z][-a-z]*)", subprocess.run(
            [bin_dir + "/lc-agent", "--help"], capture_output=True, text=True, check=True).stdout))

    def say(self, where, what):
        self.problems.append("%s: %s" % (where, what))

    def need(self, where, obj, key, kind):
        if not isinstance(obj, dict) or key not in obj:
            self.say(where, "%s is missing" % key)
            return None
        if not isinstance(obj[key], kind):
            self.say(where, "%s must be a %s" % (key, kind.__name__))
            return None
        return obj[key]

    def known(self, where, obj, allowed):
        for k in obj:
            if k not in allowed:
                self.say(where, "unknown field %s" % k)

    def check_file(self, path):
        with open(path) as f:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
        configmaps = {}
        for i, d in enumerate(docs, 1):
            where = "%s: doc %d" % (path, i)
            if not isinstance(d, dict):
                self.say(where, "not a mapping")
                continue
            kind = self.need(where, d, "kind", str)
            self.need(where, d, "apiVersion", str)
            meta = self.need(where, d, "metadata", dict) or {}
            name = self.need(where, meta, "name", str)
            if name and not DNS_LABEL.match(name):
                self.say(where, "metadata.name %r is not a DNS label" % name)
            if kind == "ConfigMap":
                data = self.need(where, d, "data", dict) or {}
                for k, v in data.items():
                    if not isinstance(v, str):
                        self.say(where, "data.%s must be a string" % k)
                configmaps[(meta.get("namespace"), name)] = data
        for i, d in enumerate(docs, 1):
            if isinstance(d, dict) and d.get("kind") == "DaemonSet":
                self.check_daemonset("%s: doc %d" % (path, i), d, configmaps)

    def check_daemonset(self, where, d, configmaps):
        if d.get("apiVersion") != "apps/v1":
            self.say(where, "a DaemonSet is apps/v1")
        ns = d["metadata"].get("namespace")
        spec = self.need(where, d, "spec", dict) or {}
        match = (self.need(where, spec, "selector", dict) or {}).get("matchLabels", {})
        template = self.need(where, spec, "template", dict) or {}
        labels = (template.get("metadata") or {}).get("labels", {})
        if not match or any(labels.get(k) != v for k, v in match.items()):
            self.say(where, "spec.selector.matchLabels does not match the pod template's labels")
        pod = self.need(where, template, "spec", dict) or {}
        self.known(where + ": pod spec", pod, POD_SPEC)
        volumes = {}
        for v in pod.get("volumes", []):
            vname = self.need(where + ": volume", v, "name", str)
            volumes[vname] = v
            if "configMap" in v and (ns, v["configMap"].get("name")) not in configmaps:
                self.say(where, "volume %s: no ConfigMap %s in namespace %s here" % (vname, v["configMap"].get("name"), ns))
            if "hostPath" in v:
                hp = v["hostPath"]
                if not str(hp.get("path", "")).startswith("/"):
                    self.say(where, "volume %s: hostPath.path must be absolute" % vname)
                if hp.get("type", "") not in HOSTPATH_TYPES:
                    self.say(where, "volume %s: hostPath.type %r is not a type" % (vname, hp.get("type")))
        containers = self.need(where, pod, "containers", list) or []
        for c in containers:
            cw = "%s: container %s" % (where, c.get("name"))
            self.known(cw, c, CONTAINER)
            self.need(cw, c, "image", str)
            for m in c.get("volumeMounts", []):
                self.known(cw + ": volumeMount", m, MOUNT)
                if m.get("name") not in volumes:
                    self.say(cw, "volumeMount %s names no volume" % m.get("name"))
                if not str(m.get("mountPath", "")).startswith("/"):
                    self.say(cw, "volumeMount %s: mountPath must be absolute" % m.get("name"))
                if "mountPropagation" in m and m["mountPropagation"] not in PROPAGATION:
                    self.say(cw, "volumeMount %s: mountPropagation %r" % (m.get("name"), m["mountPropagation"]))
                v = volumes.get(m.get("name"), {})
                if v.get("hostPath", {}).get("path") == "/" and not m.get("readOnly"):
                    self.say(cw, "the host's / must be mounted readOnly")
            res = self.need(cw, c, "resources", dict) or {}
            for part in ("requests", "limits"):
                for k, q in (self.need(cw + ": resources", res, part, dict) or {}).items():
                    if not QUANTITY.match(str(q)):
                        self.say(cw, "resources.%s.%s %r is not a quantity" % (part, k, q))
            probe = (self.need(cw, c, "livenessProbe", dict) or {}).get("exec", {}).get("command", [])
            if probe[:2] != ["lc-agent", "status"]:
                self.say(cw, "the liveness probe is not `lc-agent status`")
            for a in c.get("args", []) + probe[2:]:
                opt = a.split("=", 1)[0]
                if opt.startswith("--") and opt not in self.agent_options:
                    self.say(cw, "lc-agent: %s is not an option" % opt)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: check_k8s.py BIN_DIR FILE.yaml...")
    c = Checker(sys.argv[1])
    for path in sys.argv[2:]:
        try:
            c.check_file(path)
        except yaml.YAMLError as e:
            c.say(path, "not YAML: %s" % str(e).replace("\n", " "))
    for p in c.problems:
        print(p)
    sys.exit(1 if c.problems else 0)


if __name__ == "__main__":
    main()
