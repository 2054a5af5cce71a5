import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";

/** A Kubernetes object, as the API server reads and writes it. */
export type KubeObject = Record<string, unknown> & {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: unknown;
};

/** What the API server answered to one request. */
export interface KubeAnswer {
  /** The HTTP status. */
  readonly status: number;
  /** The decoded JSON body (a `Status` object on errors). */
  readonly body: Record<string, unknown>;
}

/** An error answer of the API server: its status, reason and message. */
export class KubeApiError extends Error {
  /** The HTTP status. */
  readonly status: number;
  /** The `Status.reason` (`AlreadyExists`, `Invalid`, `Forbidden`, ...). */
  readonly reason: string;

  constructor(what: string, answer: KubeAnswer) {
    super(`${what}: ${answer.status} ${String(answer.body["reason"] ?? "")}: ${statusMessage(answer)}`);
    this.name = "KubeApiError";
    this.status = answer.status;
    this.reason = String(answer.body["reason"] ?? "");
  }
}

/**
 * The message of an error answer (`Status.message`), or its raw body.
 *
 * @param answer - an answer
 * @returns the message
 */
export function statusMessage(answer: KubeAnswer): string {
  const message = answer.body["message"];
  return typeof message === "string" ? message : JSON.stringify(answer.body);
}

/** Where the client connects, and as whom. */
export interface KubeClientOptions {
  /** `https://127.0.0.1:PORT`. */
  readonly server: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** How the API serves one kind. */
interface ResourceInfo {
  readonly plural: string;
  readonly namespaced: boolean;
}

/** Options of a write. */
export interface WriteOptions {
  /** Server-side dry run (`?dryRun=All`): admission judges, nothing is stored. */
  readonly dryRun?: boolean;
  /** `Strict`: a field the schema does not know is an error, not a warning (`?fieldValidation=Strict`). */
  readonly fieldValidation?: "Strict";
}

function writeQuery(options: WriteOptions): string {
  const query = [
    ...(options.dryRun ? ["dryRun=All"] : []),
    ...(options.fieldValidation ? [`fieldValidation=${options.fieldValidation}`] : []),
  ];
  return query.length > 0 ? `?${query.join("&")}` : "";
}

function metadataOf(object: KubeObject): Record<string, unknown> {
  const m = object.metadata;
  return typeof m === "object" && m !== null ? (m as Record<string, unknown>) : {};
}

/**
 * A small client of the Kubernetes API over HTTPS with a client certificate: create, replace,
 * get, delete and list any kind the API serves (found by discovery), with server-side dry run.
 */
export class KubeClient {
  /** The API server's URL. */
  readonly server: string;
  private readonly agent: Agent;
  private readonly discovery = new Map<string, Map<string, ResourceInfo>>();

  /**
   * @param options - the server and the credentials
   */
  constructor(options: KubeClientOptions) {
    this.server = options.server;
    this.agent = new Agent({
      ca: readFileSync(options.caFile),
      cert: readFileSync(options.certFile),
      key: readFileSync(options.keyFile),
      keepAlive: true,
      maxSockets: 16,
    });
  }

  /** Closes the client's connections. */
  close(): void {
    this.agent.destroy();
  }

  /**
   * Sends one request and decodes the JSON answer. Never throws for an error status.
   *
   * @param method - the HTTP method
   * @param path - the path and query
   * @param body - a JSON body
   * @returns the status and body
   */
  async send(method: string, path: string, body?: unknown): Promise<KubeAnswer> {
    // A kept-alive connection the server has just closed fails the request that reused it
    // before the server saw it: send again (three tries), never for a slower server.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sendOnce(method, path, body);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (attempt >= 3 || (code !== "ECONNRESET" && code !== "EPIPE")) throw e;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  }

  private sendOnce(method: string, path: string, body?: unknown): Promise<KubeAnswer> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.server}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            accept: "application/json",
            ...(payload ? { "content-type": "application/json", "content-length": payload.length } : {}),
          },
          timeout: 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let decoded: Record<string, unknown>;
            try {
              const parsed: unknown = text ? JSON.parse(text) : {};
              decoded =
                typeof parsed === "object" && parsed !== null
                  ? (parsed as Record<string, unknown>)
                  : { value: parsed };
            } catch {
              decoded = { message: text };
            }
            resolve({ status: res.statusCode ?? 0, body: decoded });
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer within 60 s`)));
      req.on("error", reject);
      req.end(payload);
    });
  }

  private async resourceInfo(apiVersion: string, kind: string): Promise<ResourceInfo> {
    for (let attempt = 0; attempt < 2; attempt++) {
      let kinds = this.discovery.get(apiVersion);
      if (!kinds || attempt > 0) {
        const answer = await this.send(
          "GET",
          apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`,
        );
        kinds = new Map();
        if (answer.status === 200) {
          for (const r of (answer.body["resources"] ?? []) as {
            name: string;
            kind: string;
            namespaced: boolean;
          }[])
            if (!r.name.includes("/")) kinds.set(r.kind, { plural: r.name, namespaced: r.namespaced });
        }
        this.discovery.set(apiVersion, kinds);
      }
      const info = kinds.get(kind);
      if (info) return info;
    }
    throw new Error(`the API server serves no kind ${kind} in ${apiVersion}`);
  }

  /**
   * The API path of an object's collection, or of the object itself when `name` is given.
   *
   * @param apiVersion - its apiVersion
   * @param kind - its kind
   * @param namespace - its namespace (ignored for cluster-scoped kinds)
   * @param name - its name
   * @returns a path without query
   */
  async pathOf(apiVersion: string, kind: string, namespace?: string, name?: string): Promise<string> {
    const info = await this.resourceInfo(apiVersion, kind);
    const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = info.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? "default")}` : "";
    return `${base}${ns}/${info.plural}${name === undefined ? "" : `/${encodeURIComponent(name)}`}`;
  }

  /** The path of an object's collection, or of the object itself (`named`). */
  private objectPath(object: KubeObject, named: boolean): Promise<string> {
    const meta = metadataOf(object);
    return this.pathOf(
      String(object.apiVersion),
      String(object.kind),
      typeof meta["namespace"] === "string" ? meta["namespace"] : undefined,
      named ? String(meta["name"]) : undefined,
    );
  }

  /**
   * Whether the kind is namespaced.
   *
   * @param apiVersion - its apiVersion
   * @param kind - its kind
   * @returns true for namespaced kinds
   */
  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    return (await this.resourceInfo(apiVersion, kind)).namespaced;
  }

  /**
   * Creates an object (POST). Never throws for an error status: admission tests read it.
   *
   * @param object - the object
   * @param options - dry run, field validation
   * @returns the answer
   */
  async create(object: KubeObject, options: WriteOptions = {}): Promise<KubeAnswer> {
    const path = await this.objectPath(object, false);
    return this.send("POST", `${path}${writeQuery(options)}`, object);
  }

  /**
   * Replaces an object (PUT); the object carries the stored `resourceVersion`.
   *
   * @param object - the object
   * @param options - dry run, field validation
   * @returns the answer
   */
  async replace(object: KubeObject, options: WriteOptions = {}): Promise<KubeAnswer> {
    const path = await this.objectPath(object, true);
    return this.send("PUT", `${path}${writeQuery(options)}`, object);
  }

  /**
   * Replaces a subresource of an object (PUT `.../NAME/SUBRESOURCE`), such as a Pod's
   * `ephemeralcontainers`; the body is the whole object with the stored `resourceVersion`.
   *
   * @param object - the object
   * @param subresource - the subresource's name
   * @param options - dry run, field validation
   * @returns the answer
   */
  async replaceSubresource(
    object: KubeObject,
    subresource: string,
    options: WriteOptions = {},
  ): Promise<KubeAnswer> {
    const path = await this.objectPath(object, true);
    return this.send("PUT", `${path}/${subresource}${writeQuery(options)}`, object);
  }

  /**
   * Reads an object.
   *
   * @param apiVersion - its apiVersion
   * @param kind - its kind
   * @param name - its name
   * @param namespace - its namespace
   * @returns the object, or `undefined` when there is none
   * @throws {@link KubeApiError} on any other error
   */
  async get(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): Promise<KubeObject | undefined> {
    const answer = await this.send("GET", await this.pathOf(apiVersion, kind, namespace, name));
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw new KubeApiError(`get ${kind} ${name}`, answer);
    return answer.body;
  }

  /**
   * Lists the objects of a kind, in every namespace or in one.
   *
   * @param apiVersion - the kind's apiVersion
   * @param kind - the kind
   * @param namespace - one namespace; all when absent
   * @returns the objects
   * @throws {@link KubeApiError} when the server refuses (an unknown kind, for one)
   */
  async list(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]> {
    const info = await this.resourceInfo(apiVersion, kind);
    const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns =
      info.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : "";
    const answer = await this.send("GET", `${base}${ns}/${info.plural}`);
    if (answer.status !== 200) throw new KubeApiError(`list ${kind}`, answer);
    return (answer.body["items"] ?? []) as KubeObject[];
  }

  /**
   * Creates an object, or replaces it when it exists (a plain `kubectl apply` without merging).
   *
   * @param object - the object
   * @returns the stored object
   * @throws {@link KubeApiError} when the server refuses it
   */
  async apply(object: KubeObject): Promise<KubeObject> {
    const created = await this.create(object);
    if (created.status === 201 || created.status === 200) return created.body;
    if (created.status !== 409) throw new KubeApiError(`create ${String(object.kind)}`, created);
    const meta = metadataOf(object);
    const current = await this.get(
      String(object.apiVersion),
      String(object.kind),
      String(meta["name"]),
      typeof meta["namespace"] === "string" ? meta["namespace"] : undefined,
    );
    const resourceVersion = current ? metadataOf(current)["resourceVersion"] : undefined;
    const replaced = await this.replace({ ...object, metadata: { ...meta, resourceVersion } });
    if (replaced.status !== 200) throw new KubeApiError(`replace ${String(object.kind)}`, replaced);
    return replaced.body;
  }

  /**
   * Deletes an object; one that is already gone is not an error.
   *
   * @param apiVersion - its apiVersion
   * @param kind - its kind
   * @param name - its name
   * @param namespace - its namespace
   * @throws {@link KubeApiError} on any other error
   */
  async delete(apiVersion: string, kind: string, name: string, namespace?: string): Promise<void> {
    const answer = await this.send("DELETE", await this.pathOf(apiVersion, kind, namespace, name));
    if (answer.status !== 200 && answer.status !== 202 && answer.status !== 404)
      throw new KubeApiError(`delete ${kind} ${name}`, answer);
  }

  /** Forgets what discovery found, so that kinds added since (CRDs) are seen. */
  forgetDiscovery(): void {
    this.discovery.clear();
  }
}
