using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LvsOperator.EnvTest;

/// <summary>Requests straight to a <see cref="KubeApiServer"/>'s etcd, through its JSON gRPC gateway (v3 API).</summary>
public static class EtcdRequests
{
    /// <summary>
    /// Compacts etcd at its current revision (<c>POST /v3/kv/compaction</c>, physical): every older revision is
    /// gone, so a watch resumed from one is answered 410 Gone. Returns the revision compacted at.
    /// </summary>
    public static async Task<long> CompactEtcdAsync(this KubeApiServer server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var http = new HttpClient { BaseAddress = server.EtcdEndpoint };
        // Any range read answers with the store's current revision in its header ("/" is base64 "Lw==").
        var range = await PostAsync(http, "/v3/kv/range", new JsonObject { ["key"] = "Lw==" }, cancellationToken).ConfigureAwait(false);
        // The gateway writes int64 as a JSON string.
        var revision = long.Parse((string?)range["header"]?["revision"] ?? "0", CultureInfo.InvariantCulture);
        var request = new JsonObject { ["revision"] = revision.ToString(CultureInfo.InvariantCulture), ["physical"] = true };
        await PostAsync(http, "/v3/kv/compaction", request, cancellationToken).ConfigureAwait(false);
        return revision;
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"etcd POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"etcd POST {path}: empty reply");
    }
}
