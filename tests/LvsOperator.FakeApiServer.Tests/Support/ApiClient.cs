using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer.Tests.Support;

/// <summary>A plain HttpClient speaking JSON to the fake, as any Kubernetes client would.</summary>
internal sealed class ApiClient(HttpClient http) : IDisposable
{
    public const string VirtualServices = "/apis/lvsoperator.io/v1alpha1/namespaces/lvs/virtualservices";
    public const string NodeSlices = "/apis/lvsoperator.io/v1alpha1/namespaces/lvs/nodeslices";
    public const string Services = "/api/v1/namespaces/lvs/services";

    public HttpClient Http => http;

    public Task<Response> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, null);

    public Task<Response> PostAsync(string path, JsonObject body) => SendAsync(HttpMethod.Post, path, body, "application/json");

    public Task<Response> PutAsync(string path, JsonObject body) => SendAsync(HttpMethod.Put, path, body, "application/json");

    public Task<Response> PatchAsync(string path, JsonNode patch, string contentType = "application/merge-patch+json") =>
        SendAsync(HttpMethod.Patch, path, patch, contentType);

    public Task<Response> DeleteAsync(string path, JsonObject? options = null) =>
        SendAsync(HttpMethod.Delete, path, options, options is null ? null : "application/json");

    /// <summary>Creates and asserts 201.</summary>
    public async Task<JsonObject> CreateAsync(string collection, JsonObject body)
    {
        var response = await PostAsync(collection, body);
        Assert.True(response.Code == HttpStatusCode.Created, $"create answered {response.Code}: {response.Body.ToJsonString()}");
        return response.Body;
    }

    public async Task<Response> SendAsync(HttpMethod method, string path, JsonNode? body, string? contentType)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType!);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Response(response.StatusCode, text.Length == 0 ? [] : (JsonObject)JsonNode.Parse(text)!);
    }

    public void Dispose() => http.Dispose();

    internal sealed record Response(HttpStatusCode Code, JsonObject Body)
    {
        public string Reason => Body["reason"]?.GetValue<string>() ?? "";
        public string Message => Body["message"]?.GetValue<string>() ?? "";
    }
}
