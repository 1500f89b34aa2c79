// The calls a TypeScript user makes, typed by the `paths` that openapi-typescript generates from
// openapi.yaml: if the schema changes under them, this file stops compiling.
//
// Run against a server (after `npm run generate && npm run build`):
//   API_URL=http://127.0.0.1:8000 API_TOKEN=<a curator's token> node dist/src/usage.js
// It prints what it read and wrote as one JSON object.
import createClient from "openapi-fetch";

import type { components, paths } from "../generated/schema.js";

type Source = components["schemas"]["Source"];
type ApiError = components["schemas"]["Error"];

export function connect(baseUrl: string, token?: string) {
  // Knox tokens go in the Authorization header with the "Token" prefix.
  const headers: Record<string, string> = token ? { Authorization: `Token ${token}` } : {};
  // Lists also answer in CSV and GeoJSON (after JSON in the schema); this client reads JSON, so it
  // says so, and each response is typed as the JSON body only.
  return createClient<paths, "application/json">({ baseUrl, headers });
}

type Api = ReturnType<typeof connect>;

function fail(what: string, error: ApiError | undefined, response: Response): never {
  throw new Error(`${what}: ${response.status} ${JSON.stringify(error)}`);
}

/** The troop strengths reported for the North Korean deployment, found by its deploying actor. */
export async function northKoreanTroopStrengths(api: Api) {
  const deployments = await api.GET("/api/v1/force-deployments/", {
    params: { query: { deploying_actor: ["korean-peoples-army"] } },
  });
  if (!deployments.data) fail("force-deployments", deployments.error, deployments.response);
  const deployment = deployments.data.results[0];
  if (!deployment) throw new Error("No North Korean deployment");
  const strengths = await api.GET("/api/v1/force-strengths/", {
    params: { query: { deployment_id: [deployment.id] } },
  });
  if (!strengths.data) fail("force-strengths", strengths.error, strengths.response);
  return {
    deployment: deployment.name,
    strengths: strengths.data.results.map((strength) => ({ best: strength.best, qualifier: strength.qualifier })),
  };
}

/** The ids on the second page of places, three to a page. */
export async function secondPageOfPlaces(api: Api) {
  const page = await api.GET("/api/v1/locations/", {
    params: { query: { page: 2, page_size: 3, ordering: "id" } },
  });
  if (!page.data) fail("locations", page.error, page.response);
  return {
    count: page.data.count,
    ids: page.data.results.map((location) => location.id),
    previous: page.data.previous ?? null,
  };
}

/** A curator creates a source, then edits it naming the version it read (ETag / If-Match). */
export async function createAndEditSource(api: Api, title: string) {
  const created = await api.POST("/api/v1/sources/", {
    body: { title, kind: "official_statement", document_url: "https://example.org/update" },
  });
  if (!created.data) fail("create a source", created.error, created.response);
  const source: Source = created.data;
  const etag = created.response.headers.get("ETag");
  if (etag === null) throw new Error("A created record has an ETag");
  const edited = await api.PATCH("/api/v1/sources/{id}/", {
    params: { path: { id: source.id }, header: { "If-Match": etag } },
    body: { publisher: "Poltava regional administration" },
  });
  if (!edited.data) fail("edit a source", edited.error, edited.response);
  return { id: edited.data.id, title: edited.data.title, publisher: edited.data.publisher ?? null };
}

/** A bad field comes back as a 400 in the one error shape, naming the field. */
export async function rejectedSource(api: Api) {
  const rejected = await api.POST("/api/v1/sources/", {
    body: { title: "A source", document_url: "not a web address" },
  });
  if (rejected.data) throw new Error("A source with a bad address was accepted");
  const error: ApiError = rejected.error;
  return { status: rejected.response.status, code: error.code, fields: Object.keys(error.errors ?? {}) };
}

/** Without a token, a write is refused with a 401 in the same shape. */
export async function anonymousWrite(api: Api) {
  const refused = await api.POST("/api/v1/sources/", { body: { title: "A source" } });
  return { status: refused.response.status, code: refused.error?.code ?? null };
}

async function main() {
  const baseUrl = process.env.API_URL;
  const token = process.env.API_TOKEN;
  if (!baseUrl || !token) throw new Error("Set API_URL and API_TOKEN");
  const anonymous = connect(baseUrl);
  const curator = connect(baseUrl, token);
  const results = {
    northKorea: await northKoreanTroopStrengths(anonymous),
    secondPage: await secondPageOfPlaces(anonymous),
    created: await createAndEditSource(curator, "Regional administration update"),
    rejected: await rejectedSource(curator),
    anonymousWrite: await anonymousWrite(anonymous),
  };
  console.log(JSON.stringify(results));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
