using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LvsOperator.EnvTest;

/// <summary>What tests ask of a <see cref="KubeApiServer"/> as its admin: kubectl, tokens, access reviews, CRDs.</summary>
public static class ClusterRequests
{
    /// <summary>kubectl as <c>system:masters</c>.</summary>
    public static Task<KubectlResult> KubectlAsync(this KubeApiServer server, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(server);
        return Kubectl.RunAsync(server.AdminKubeconfig, arguments);
    }

    /// <summary><c>kubectl apply --server-side</c> of YAML text (one or more documents); kubectl's result, not thrown.</summary>
    public static Task<KubectlResult> ApplyAsync(this KubeApiServer server, string yaml, bool dryRun = false)
    {
        ArgumentNullException.ThrowIfNull(server);
        string[] arguments = ["apply", "--server-side", "--field-manager=envtest", "-f", "-", .. dryRun ? new[] { "--dry-run=server" } : []];
        return Kubectl.RunAsync(server.AdminKubeconfig, arguments, yaml);
    }

    /// <summary>Server-side applies every CRD in <paramref name="path"/> (file or folder), then waits until each is Established.</summary>
    public static async Task<KubectlResult> InstallCrdsAsync(this KubeApiServer server, string path, TimeSpan? timeout = null)
    {
        var applied = await server.KubectlAsync("apply", "--server-side", "--field-manager=envtest", "-f", path).ConfigureAwait(false);
        if (applied.ExitCode != 0) return applied;
        var seconds = (int)(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds;
        return await server.KubectlAsync("wait", "--for=condition=Established", $"--timeout={seconds}s", "-f", path).ConfigureAwait(false);
    }

    /// <summary>A token for a ServiceAccount (the TokenRequest API, as <c>kubectl create token</c>).</summary>
    public static async Task<string> CreateTokenAsync(this KubeApiServer server, string @namespace, string serviceAccount,
        TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var http = server.CreateAdminHttpClient();
        var request = new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "TokenRequest",
            ["spec"] = new JsonObject { ["expirationSeconds"] = (long)(lifetime ?? TimeSpan.FromHours(1)).TotalSeconds },
        };
        var path = $"/api/v1/namespaces/{@namespace}/serviceaccounts/{serviceAccount}/token";
        var reply = await PostAsync(http, path, request, cancellationToken).ConfigureAwait(false);
        return (string?)reply["status"]?["token"] ?? throw new InvalidOperationException($"no token in {reply.ToJsonString()}");
    }

    /// <summary>Whether <paramref name="user"/> may do <paramref name="attributes"/>: a SubjectAccessReview, asked as admin.</summary>
    public static async Task<AccessDecision> ReviewAccessAsync(this KubeApiServer server, string user, IReadOnlyList<string> groups,
        ResourceAttributes attributes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(attributes);
        using var http = server.CreateAdminHttpClient();
        var request = new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SubjectAccessReview",
            ["spec"] = new JsonObject
            {
                ["user"] = user,
                ["groups"] = new JsonArray(groups.Select(g => (JsonNode)JsonValue.Create(g)).ToArray()),
                ["resourceAttributes"] = attributes.ToJson(),
            },
        };
        var reply = await PostAsync(http, "/apis/authorization.k8s.io/v1/subjectaccessreviews", request, cancellationToken).ConfigureAwait(false);
        var status = reply["status"];
        return new AccessDecision((bool?)status?["allowed"] ?? false, (string?)status?["reason"] ?? "");
    }

    /// <summary>The user and groups a ServiceAccount's token authenticates as.</summary>
    public static (string User, IReadOnlyList<string> Groups) ServiceAccountIdentity(string @namespace, string name) =>
        ($"system:serviceaccount:{@namespace}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{@namespace}", "system:authenticated"]);

    private static async Task<JsonNode> PostAsync(HttpClient http, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text) ?? throw new InvalidOperationException($"POST {path}: empty reply");
    }
}
