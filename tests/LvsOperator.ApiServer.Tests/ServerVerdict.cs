using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace LvsOperator.ApiServer.Tests;

/// <summary>
/// What the real API server says about a manifest: each document created with <c>dryRun=All</c> and
/// <c>fieldValidation=Strict</c> (kubectl's default), sent as YAML so the server does its own YAML to JSON. A
/// document with a status is created for real, then its status put to the status subresource with a dry run
/// (a create ignores status), and deleted.
/// </summary>
internal static partial class ServerVerdict
{
    private static readonly Dictionary<string, string> Plurals = new()
    {
        ["VirtualService"] = "virtualservices", ["RealServer"] = "realservers", ["NodeSlice"] = "nodeslices",
        ["AddressPool"] = "addresspools",
    };

    private static readonly HashSet<string> ClusterScoped = ["AddressPool"];

    /// <summary>The errors of every document of <paramref name="file"/>; empty when all were accepted.</summary>
    public static async Task<IReadOnlyList<FieldError>> CheckAsync(KubeApiServer server, string file)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(file)) stream.Load(reader);
        using var http = server.CreateAdminHttpClient();
        var errors = new List<FieldError>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlMappingNode root) errors.AddRange(await CheckAsync(http, root));
        }

        return errors;
    }

    private static async Task<IReadOnlyList<FieldError>> CheckAsync(HttpClient http, YamlMappingNode root)
    {
        var meta = (YamlMappingNode)root["metadata"];
        var ns = meta.Children.TryGetValue("namespace", out var n) ? ((YamlScalarNode)n).Value! : "default";
        var kind = ((YamlScalarNode)root["kind"]).Value!;
        var apiVersion = ((YamlScalarNode)root["apiVersion"]).Value!;
        var plural = Plurals.GetValueOrDefault(kind, kind.ToLowerInvariant() + "s");
        var collection = ClusterScoped.Contains(kind) ? $"/apis/{apiVersion}/{plural}" : $"/apis/{apiVersion}/namespaces/{ns}/{plural}";
        if (!root.Children.ContainsKey("status"))
        {
            return await SendAsync(http, HttpMethod.Post, $"{collection}?dryRun=All&fieldValidation=Strict", root, kind, apiVersion);
        }

        using var created = await SendRawAsync(http, HttpMethod.Post, $"{collection}?fieldValidation=Strict", root);
        if (!created.IsSuccessStatusCode) return await ErrorsAsync(created, kind, apiVersion);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var name = (string)body["metadata"]!["name"]!;
        try
        {
            meta.Children[new YamlScalarNode("resourceVersion")] = new YamlScalarNode((string)body["metadata"]!["resourceVersion"]!)
            {
                Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted,
            };
            var status = $"{collection}/{name}/status?dryRun=All&fieldValidation=Strict";
            return await SendAsync(http, HttpMethod.Put, status, root, kind, apiVersion);
        }
        finally
        {
            using var deleted = await http.DeleteAsync(new Uri($"{collection}/{name}", UriKind.Relative));
        }
    }

    private static async Task<IReadOnlyList<FieldError>> SendAsync(HttpClient http, HttpMethod method, string path, YamlMappingNode document,
        string kind, string apiVersion)
    {
        using var response = await SendRawAsync(http, method, path, document);
        return response.IsSuccessStatusCode ? [] : await ErrorsAsync(response, kind, apiVersion);
    }

    /// <summary>
    /// The errors as a user sees them: the Status's causes; for a kind or version the server does not serve (a bare
    /// 404), kubectl's words; for a strict-decoding error (no causes), each unknown field the message names.
    /// </summary>
    private static async Task<IReadOnlyList<FieldError>> ErrorsAsync(HttpResponseMessage response, string kind, string apiVersion)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound && !text.TrimStart().StartsWith('{'))
        {
            return [new FieldError("", $"no matches for kind \"{kind}\" in version \"{apiVersion}\"")];
        }

        var status = JsonNode.Parse(text)!;
        var message = (string?)status["message"] ?? text;
        var unknown = UnknownField().Matches(message);
        if (message.Contains("strict decoding error", StringComparison.Ordinal) && unknown.Count > 0)
        {
            return unknown.Select(m => new FieldError(m.Groups[1].Value, "unknown field")).ToList();
        }

        return Causes(status);
    }

    [System.Text.RegularExpressions.GeneratedRegex("unknown field \"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex UnknownField();

    private static Task<HttpResponseMessage> SendRawAsync(HttpClient http, HttpMethod method, string path, YamlMappingNode document)
    {
        using var text = new StringWriter();
        new YamlStream(new YamlDocument(document)).Save(text, assignAnchors: false);
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(text.ToString(), Encoding.UTF8, "application/yaml"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http.SendAsync(request);
    }

    /// <summary>The Status's causes; a strict-decoding error has none, only a message naming the field.</summary>
    private static List<FieldError> Causes(JsonNode status)
    {
        var causes = status["details"]?["causes"]?.AsArray() ?? [];
        if (causes.Count == 0) return [new FieldError("", (string?)status["message"] ?? status.ToJsonString())];
        return causes.Select(c => new FieldError((string?)c!["field"] ?? "", (string?)c["message"] ?? "")).ToList();
    }
}
