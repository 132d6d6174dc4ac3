using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LvsOperator.FakeApiServer;

/// <summary>Writes watch events one JSON line each, flushing every line so clients see them at once.</summary>
internal sealed class WatchWriter(HttpResponse response)
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteAsync(string type, JsonObject obj, CancellationToken cancellationToken)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString() + "\n";
        await response.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task WriteErrorAsync(ApiException error, CancellationToken cancellationToken) =>
        WriteAsync("ERROR", error.ToStatus(), cancellationToken);
}
