using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LvsOperator.FakeApiServer;

/// <summary>Routes each HTTP request to its verb: records it, fires armed faults, answers errors as Status objects.</summary>
internal sealed class ApiDispatcher(
    ObjectStore store, ObjectWriter writer, ObjectDeleter deleter, ListHandler lists, WatchHandler watches,
    FaultInjector faults, RequestLog log)
{
    private readonly ConcurrentDictionary<HttpContext, byte> openWatches = new();

    public int OpenWatches => openWatches.Count;

    /// <summary>Resets every open watch connection mid-stream, as a restarting API server or a lost network does.</summary>
    public void DropWatches()
    {
        foreach (var context in openWatches.Keys)
        {
            try
            {
                context.Abort();
            }
            catch (ObjectDisposedException)
            {
                // The watch ended on its own while we were dropping the others.
            }
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var isWatch = request.Method == HttpMethods.Get && request.Query["watch"].ToString() is "1" or "true" or "True";
        log.Record(new RecordedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", isWatch));
        try
        {
            var path = ResourcePath.Resolve(store.Registry, request.Path.Value ?? "");
            int? expireAfter = null;
            switch (faults.Fire(request.Method, request.Path.Value ?? "", isWatch))
            {
                case FaultAction.Respond respond:
                    throw Injected(respond.Code, context.Response);
                case FaultAction.Conflict:
                    throw ApiErrors.StaleResourceVersion(path.Type, path.Name ?? "");
                case FaultAction.Delay delay:
                    await Task.Delay(delay.Duration, cancellationToken).ConfigureAwait(false);
                    break;
                case FaultAction.Drop:
                    context.Abort();
                    return;
                case FaultAction.ExpireWatch expire:
                    expireAfter = expire.AfterEvents;
                    break;
            }

            await ServeAsync(context, path, isWatch, expireAfter, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException error) when (!context.Response.HasStarted)
        {
            await HttpJson.WriteAsync(context.Response, error.Code, error.ToStatus(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away, or DropWatches reset the connection.
        }
    }

    private async Task ServeAsync(HttpContext context, ResourcePath path, bool isWatch, int? expireAfter, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var ns = path.Namespace ?? "";
        var name = path.Name ?? "";
        switch (request.Method)
        {
            case "GET" when path.IsCollection:
                var list = ListOptions.Parse(request.Query, path.Type);
                if (list.Watch)
                {
                    await WatchAsync(context, path, list, expireAfter, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await Ok(context, await lists.ListAsync(path, list, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                }

                break;
            case "GET":
                await Ok(context, store.Get(path.Type.Group, path.Type.Plural, ns, name) ?? throw ApiErrors.NotFound(path.Type, name)).ConfigureAwait(false);
                break;
            case "POST" when path.IsCollection && !path.Status && (path.Namespace is not null || !path.Type.Namespaced):
                var created = writer.Create(path.Type, ns, await HttpJson.ReadObjectAsync(request, cancellationToken).ConfigureAwait(false));
                await HttpJson.WriteAsync(context.Response, 201, created, cancellationToken).ConfigureAwait(false);
                break;
            case "PUT" when !path.IsCollection:
                var body = await HttpJson.ReadObjectAsync(request, cancellationToken).ConfigureAwait(false);
                await Ok(context, writer.Update(path.Type, ns, name, body, path.Status)).ConfigureAwait(false);
                break;
            case "PATCH" when !path.IsCollection:
                var patch = await HttpJson.ReadAsync(request, cancellationToken).ConfigureAwait(false) ?? throw ApiErrors.BadRequest("empty patch");
                await Ok(context, writer.Patch(path.Type, ns, name, request.ContentType ?? "", patch, path.Status)).ConfigureAwait(false);
                break;
            case "DELETE" when !path.IsCollection && !path.Status:
                var options = DeleteOptions.Parse(
                    await HttpJson.ReadAsync(request, cancellationToken).ConfigureAwait(false) as System.Text.Json.Nodes.JsonObject,
                    request.Query["propagationPolicy"].FirstOrDefault());
                await Ok(context, deleter.Delete(path.Type, ns, name, options)).ConfigureAwait(false);
                break;
            default:
                throw ApiErrors.MethodNotAllowed();
        }
    }

    private async Task WatchAsync(HttpContext context, ResourcePath path, ListOptions list, int? expireAfter, CancellationToken cancellationToken)
    {
        openWatches[context] = 0;
        try
        {
            await watches.WatchAsync(context, path, list, expireAfter, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            openWatches.TryRemove(context, out _);
        }
    }

    private static Task Ok(HttpContext context, System.Text.Json.Nodes.JsonObject body) =>
        HttpJson.WriteAsync(context.Response, 200, body, context.RequestAborted);

    /// <summary>An injected failure with the reason the real server gives that code.</summary>
    private static ApiException Injected(int code, HttpResponse response)
    {
        var reason = code switch
        {
            400 => "BadRequest",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "NotFound",
            409 => "Conflict",
            410 => "Expired",
            422 => "Invalid",
            429 => "TooManyRequests",
            500 => "InternalError",
            503 => "ServiceUnavailable",
            504 => "Timeout",
            _ => "",
        };
        if (code is 429 or 503)
        {
            response.Headers.RetryAfter = "1";
        }

        var message = code == 410
            ? "The resourceVersion for the provided list is too old."
            : string.Create(CultureInfo.InvariantCulture, $"injected fault: {code} {reason}");
        return new ApiException(code, reason, message);
    }
}
