using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Json;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// Typed REST verbs for one kind. A null namespace means all namespaces for list and watch; item verbs on a
/// namespaced kind require one. Every call is cancellable; failures throw <see cref="KubeApiException"/>.
/// </summary>
public sealed class ResourceClient<T>
    where T : class, IKubernetesObject
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue MergePatch = new("application/merge-patch+json");

    private readonly KubeApiClient api;

    internal ResourceClient(KubeApiClient api, ResourceType<T> type)
    {
        this.api = api;
        Type = type;
    }

    public ResourceType<T> Type { get; }

    /// <summary>Every item, following <c>continue</c> tokens page by page; all pages share one snapshot.</summary>
    public async Task<ResourceList<T>> ListAsync(string? @namespace = null, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListOptions();
        var items = new List<T>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            var query = new QueryBuilder()
                .Add("labelSelector", options.LabelSelector)
                .Add("fieldSelector", options.FieldSelector)
                .Add("limit", options.PageSize > 0 ? options.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture) : null)
                // The server rejects a resourceVersion next to a continue token: the token already pins the snapshot.
                .Add("resourceVersion", continueToken is null ? options.ResourceVersion : null)
                .Add("continue", continueToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, Type.CollectionPath(@namespace) + query);
            using var response = await api.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var page = ListReader.Read(body, Type.JsonTypeInfo);
            items.AddRange(page.Items);
            resourceVersion = page.ResourceVersion;
            continueToken = page.Continue;
        }
        while (continueToken is not null);

        return new ResourceList<T>(items, resourceVersion);
    }

    /// <summary>The object, or null when there is none (404).</summary>
    public async Task<T?> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Type.ItemPath(@namespace, name));
        try
        {
            return await ReadObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public Task<T> CreateAsync(T value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var request = new HttpRequestMessage(HttpMethod.Post, Type.CollectionPath(NamespaceOf(value)));
        return SendObjectAsync(request, value, cancellationToken);
    }

    /// <summary>PUT: the object's metadata.resourceVersion guards against lost updates (409 when stale).</summary>
    public Task<T> ReplaceAsync(T value, CancellationToken cancellationToken = default) => PutAsync(value, null, cancellationToken);

    /// <summary>PUT to the status subresource: only status changes; spec in the body is ignored.</summary>
    public Task<T> ReplaceStatusAsync(T value, CancellationToken cancellationToken = default) => PutAsync(value, "status", cancellationToken);

    /// <summary>JSON merge patch (RFC 7386): null deletes a field, objects merge, lists are replaced.</summary>
    public Task<T> MergePatchAsync(string? @namespace, string name, JsonObject patch, CancellationToken cancellationToken = default) =>
        PatchAsync(@namespace, name, null, Serialize(patch), cancellationToken);

    public Task<T> MergePatchAsync(string? @namespace, string name, ReadOnlyMemory<byte> patch, CancellationToken cancellationToken = default) =>
        PatchAsync(@namespace, name, null, patch, cancellationToken);

    public Task<T> MergePatchStatusAsync(string? @namespace, string name, JsonObject patch, CancellationToken cancellationToken = default) =>
        PatchAsync(@namespace, name, "status", Serialize(patch), cancellationToken);

    public Task<T> MergePatchStatusAsync(string? @namespace, string name, ReadOnlyMemory<byte> patch, CancellationToken cancellationToken = default) =>
        PatchAsync(@namespace, name, "status", patch, cancellationToken);

    /// <summary>
    /// True when the server accepted the delete (an object with finalizers then only gains a
    /// deletionTimestamp); false when it was already gone (404). A failed precondition is a 409.
    /// </summary>
    public async Task<bool> DeleteAsync(string? @namespace, string name, DeletePreconditions? preconditions = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, Type.ItemPath(@namespace, name));
        if (preconditions is not null)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new DeleteOptionsBody { Preconditions = preconditions }, KubernetesJsonContext.Default.DeleteOptionsBody);
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = Json } };
        }

        try
        {
            using var response = await api.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Events after <see cref="WatchOptions.ResourceVersion"/> until the server ends the watch (its timeout)
    /// or the token is cancelled. A 410 (history compacted) throws <see cref="ResourceVersionExpiredException"/>.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string? @namespace, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var query = new QueryBuilder()
            .Add("watch", "true")
            .Add("resourceVersion", options.ResourceVersion)
            .Add("allowWatchBookmarks", options.AllowBookmarks ? "true" : null)
            .Add("timeoutSeconds", options.Timeout is { } t ? ((long)Math.Ceiling(t.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) : null)
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector);
        using var request = new HttpRequestMessage(HttpMethod.Get, Type.CollectionPath(@namespace) + query);
        using var response = await api.SendStreamingAsync(request, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var watchEvent in WatchStreamReader.ReadAsync(stream, Type.JsonTypeInfo, cancellationToken).ConfigureAwait(false))
            {
                yield return watchEvent;
            }
        }
    }

    private Task<T> PutAsync(T value, string? subresource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        var request = new HttpRequestMessage(HttpMethod.Put, Type.ItemPath(NamespaceOf(value), value.Metadata.Name, subresource));
        return SendObjectAsync(request, value, cancellationToken);
    }

    private async Task<T> PatchAsync(string? @namespace, string name, string? subresource, ReadOnlyMemory<byte> patch, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, Type.ItemPath(@namespace, name, subresource))
        {
            Content = new ReadOnlyMemoryContent(patch) { Headers = { ContentType = MergePatch } },
        };
        return await ReadObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> SendObjectAsync(HttpRequestMessage request, T value, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, Type.JsonTypeInfo)) { Headers = { ContentType = Json } };
            return await ReadObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> ReadObjectAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await api.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(body, Type.JsonTypeInfo) ?? throw new JsonException($"empty {Type.Kind} in the response");
    }

    private string? NamespaceOf(T value) => Type.Namespaced ? value.Metadata.Namespace ?? api.Connection.Namespace : null;

    private static ReadOnlyMemory<byte> Serialize(JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return System.Text.Encoding.UTF8.GetBytes(patch.ToJsonString());
    }
}
