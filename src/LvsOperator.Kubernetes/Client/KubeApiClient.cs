using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Json;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// The HTTP side shared by every <see cref="ResourceClient{T}"/>: one <see cref="HttpClient"/> over the
/// connection's handler, the bearer token on each request, and API errors turned into
/// <see cref="KubeApiException"/>. Thread-safe; one per process and API server.
/// </summary>
public sealed class KubeApiClient : IDisposable
{
    private readonly HttpClient http;

    public KubeApiClient(KubeConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Connection = connection;
        http = new HttpClient(connection.Handler, disposeHandler: true)
        {
            BaseAddress = connection.Server.AbsoluteUri.EndsWith('/') ? connection.Server : new Uri(connection.Server.AbsoluteUri + "/"),
            // Watches stay open for minutes; every other call gets the connection's RequestTimeout itself.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public KubeConnection Connection { get; }

    public ResourceClient<T> Resource<T>(ResourceType<T> type)
        where T : class, IKubernetesObject => new(this, type);

    /// <summary>Sends a bounded request and returns its successful response, or throws the API's error.</summary>
    internal async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Connection.RequestTimeout);
        try
        {
            var response = await SendCoreAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            await ThrowIfFailedAsync(response, timeout.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{request.Method} {request.RequestUri} took longer than {Connection.RequestTimeout}.");
        }
    }

    /// <summary>Sends a request whose body is read as it streams (watches); only the headers are awaited.</summary>
    internal async Task<HttpResponseMessage> SendStreamingAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await SendCoreAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, cancellationToken).ConfigureAwait(false);
        return response;
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var token = await Connection.TokenProvider(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            throw ParseError(response.StatusCode, body, RetryAfter(response));
        }
    }

    /// <summary>RFC 9110 section 10.2.3: a number of seconds, or a date.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero,
        _ => null,
    };

    private static KubeApiException ParseError(HttpStatusCode statusCode, byte[] body, TimeSpan? retryAfter)
    {
        try
        {
            var status = body.Length > 0 ? JsonSerializer.Deserialize(body, KubernetesJsonContext.Default.KubeStatus) : null;
            if (status is not null)
            {
                // The HTTP status is the authority; the body's code may be absent.
                return (status with { Code = (int)statusCode }).ToException(statusCode, retryAfter);
            }
        }
        catch (JsonException)
        {
            // Not a Status (a proxy's HTML page, say): report the raw text below.
        }

        var text = System.Text.Encoding.UTF8.GetString(body);
        return statusCode == HttpStatusCode.Gone
            ? new ResourceVersionExpiredException(null, text) { RetryAfter = retryAfter }
            : new KubeApiException(statusCode, null, text) { RetryAfter = retryAfter };
    }

    public void Dispose() => http.Dispose();
}
