/**
 * `meshform validate` knows every kind of Kubernetes core/v1 and apps/v1 that `kubectl apply` can
 * manage: each valid manifest passes, and a mistake in one is reported as in any other kind.
 */
import { formatIssue } from "@meshform/diagnostics";
import { describe, expect, it } from "vitest";
import { validateManifests } from "./manifests.js";
import { createValidator } from "./validator.js";
// Validators created from the modules themselves, not the package entry: Istio's admission rules loaded as the entry loads them.
import "./admission-rules.js";

const lines = (text: string, strict = false) =>
  validateManifests(createValidator({ strict }), text, "k.yaml").flatMap((r) => r.issues.map((i) => `${i.severity} ${formatIssue(i)}`));

/** One valid manifest of each kind, as people write them. */
const EVERY_KIND = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
      name: http
    resources:
      requests: {cpu: 100m, memory: 64Mi}
      limits: {cpu: 1, memory: 128Mi}
    readinessProbe:
      httpGet: {path: /healthz, port: http}
    env:
    - name: MODE
      value: "on"
    volumeMounts:
    - {name: data, mountPath: /data}
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: data}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: postgres:17
        volumeMounts: [{name: pgdata, mountPath: /var/lib/postgresql/data}]
  volumeClaimTemplates:
  - apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: pgdata}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 10Gi}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 10%}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      tolerations: [{operator: Exists}]
      containers: [{name: agent, image: agent:1}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: rs}}
  template:
    metadata: {labels: {app: rs}}
    spec: {containers: [{name: rs, image: rs:1}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: shop}
data: {a: "1"}
binaryData: {b: aGVsbG8=}
---
apiVersion: v1
kind: Secret
metadata: {name: s, namespace: shop}
type: Opaque
data: {password: cGFzcw==}
stringData: {user: admin}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: shop}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Endpoints
metadata: {name: ext, namespace: shop}
subsets:
- addresses: [{ip: 10.0.0.1}]
  ports: [{port: 5432, name: pg}]
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv1}
spec:
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /mnt/data}
---
apiVersion: v1
kind: Node
metadata: {name: n1}
spec: {unschedulable: true}
---
apiVersion: v1
kind: LimitRange
metadata: {name: lr, namespace: shop}
spec:
  limits: [{type: Container, default: {cpu: 500m}}]
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: rq, namespace: shop}
spec: {hard: {pods: "10"}}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc, namespace: shop}
spec:
  replicas: 1
  selector: {app: rc}
  template:
    metadata: {labels: {app: rc}}
    spec: {containers: [{name: rc, image: rc:1}]}
---
apiVersion: v1
kind: PodTemplate
metadata: {name: pt, namespace: shop}
template:
  spec: {containers: [{name: pt, image: pt:1}]}
---
apiVersion: v1
kind: Event
metadata: {name: ev, namespace: shop}
involvedObject: {kind: Pod, name: web, namespace: shop}
reason: Started
message: hi
type: Normal
---
apiVersion: apps/v1
kind: ControllerRevision
metadata: {name: cr, namespace: shop}
revision: 1
data: {spec: {}}
`;

describe("Kubernetes core/v1 and apps/v1 kinds", () => {
  it("checks one of each kind and finds nothing wrong in valid ones", () => {
    const results = validateManifests(createValidator({ strict: true }), EVERY_KIND, "k.yaml");
    expect(results.map((r) => `${r.kind} ${r.issues.map(formatIssue).join("; ")}`.trim())).toEqual([
      "Pod", "StatefulSet", "DaemonSet", "ReplicaSet", "ConfigMap", "Secret", "PersistentVolumeClaim", "Endpoints",
      "PersistentVolume", "Node", "LimitRange", "ResourceQuota", "ReplicationController", "PodTemplate", "Event", "ControllerRevision",
    ]);
  });

  it("reports a Pod once 'no matches for kind Pod in version v1', now checked", () => {
    expect(lines("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx}]\n")).toEqual([]);
  });

  it("reports a misspelt field, a wrong type and a missing required field in the new kinds, at their lines", () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containres: []
  containers:
  - name: web
    image: nginx
    ports: [{containerPort: "80"}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template:
    spec: {containers: [{name: db, image: pg}]}
  volumeClaimTemplates:
  - metadata: {name: pgdata}
    spec: {accessModes: [ReadWriteOnce], resorces: {}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  replicas: 2
  template:
    spec: {containers: [{name: agent, image: agent:1}]}
---
apiVersion: v1
kind: Secret
metadata: {name: s, namespace: shop}
data: {password: "not base64!"}
---
apiVersion: v1
kind: Endpoints
metadata: {name: ext, namespace: shop}
subsets:
- addresses: [{hostname: x}]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: shop}
spec:
  resources: {requests: {storage: 1Gi}}
  accessModes: ReadWriteOnce
`;
    expect(lines(text)).toEqual([
      'error k.yaml:9 v1/Pod shop/web spec.containers[0].ports[0].containerPort: Invalid value: "string": spec.containers[0].ports[0].containerPort in body must be of type integer: "string"',
      'warning k.yaml:5 v1/Pod shop/web spec.containres: unknown field "containres" (dropped by the API server)',
      'warning k.yaml:20 apps/v1/StatefulSet shop/db spec.volumeClaimTemplates[0].spec.resorces: unknown field "resorces" (dropped by the API server)',
      "error k.yaml:16 apps/v1/StatefulSet shop/db spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`",
      "error k.yaml:25 apps/v1/DaemonSet kube-system/agent spec.selector: Required value",
      'warning k.yaml:26 apps/v1/DaemonSet kube-system/agent spec.replicas: unknown field "replicas" (dropped by the API server)',
      'error k.yaml:33 v1/Secret shop/s data.password: Invalid value: "not base64!": data.password in body must be of type byte: "not base64!"',
      "error k.yaml:39 v1/Endpoints shop/ext subsets[0].addresses[0].ip: Required value",
      'error k.yaml:46 v1/PersistentVolumeClaim shop/data spec.accessModes: Invalid value: "string": spec.accessModes in body must be of type array: "string"',
    ]);
  });

  it("makes a misspelt field an error in strict mode, as for other kinds", () => {
    expect(lines("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec:\n  selector: {matchLabels: {app: rs}}\n  tempalte: {}\n", true)).toEqual([
      'error k.yaml:6 apps/v1/ReplicaSet rs spec.tempalte: unknown field "tempalte"',
    ]);
  });

  it("rejects kinds the API server serves but kubectl apply cannot manage, and a version core does not serve", () => {
    const text = "apiVersion: v1\nkind: Binding\nmetadata: {name: b, namespace: shop}\ntarget: {kind: Node, name: n1}\n---\napiVersion: v2\nkind: Pod\nmetadata: {name: x}\n";
    expect(lines(text)).toEqual([
      'error k.yaml:1 v1/Binding shop/b apiVersion: no matches for kind "Binding" in version "v1"',
      'error k.yaml:6 v2/Pod x apiVersion: no matches for kind "Pod" in version "v2" (Pod is served as v1)',
    ]);
  });
});
