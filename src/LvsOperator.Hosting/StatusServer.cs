using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace LvsOperator.Hosting;

/// <summary>Serves <c>/metrics</c> (Prometheus text), <c>/healthz</c> (the process runs) and <c>/readyz</c> (reconciling works).</summary>
public sealed partial class StatusServer(IOptions<StatusServerOptions> options, ReconcileHealth health, ILogger<StatusServer> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>Serves until stopped; a failure here is logged and retried, never allowed to stop reconciling.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.Address)) return;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ServeAsync(settings, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Seen in the lab: right after a kill -9, HttpListener.Start can throw from inside its accept loop.
                LogServeFailed(e, settings.Address, RetryAfter.TotalSeconds);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    private async Task ServeAsync(StatusServerOptions settings, CancellationToken stoppingToken)
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add(settings.Address);
        listener.Start();
        LogListening(settings.Address);
        await using var stop = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            _ = Task.Run(() => RespondAsync(context, settings.ReadyWithin, stoppingToken), stoppingToken);
        }
    }

    private async Task RespondAsync(HttpListenerContext context, TimeSpan readyWithin, CancellationToken cancellationToken)
    {
        using var response = context.Response;
        try
        {
            switch (context.Request.Url?.AbsolutePath)
            {
                case "/metrics":
                    response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                    await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(response.OutputStream, cancellationToken);
                    break;
                case "/healthz":
                    await WriteAsync(response, 200, "ok");
                    break;
                case "/readyz":
                    var (ready, reason) = health.Readiness(readyWithin);
                    await WriteAsync(response, ready ? 200 : 503, reason);
                    break;
                default:
                    await WriteAsync(response, 404, "not found");
                    break;
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            LogResponseFailed(e.Message); // the scraper went away
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string body)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(body + "\n"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving /metrics, /healthz and /readyz on {Address}")]
    private partial void LogListening(string address);

    [LoggerMessage(Level = LogLevel.Error, Message = "Status endpoint {Address} failed; retrying in {RetrySeconds} s")]
    private partial void LogServeFailed(Exception error, string address, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Status response failed: {Reason}")]
    private partial void LogResponseFailed(string reason);
}
