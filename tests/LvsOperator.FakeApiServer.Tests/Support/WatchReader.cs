using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace LvsOperator.FakeApiServer.Tests.Support;

/// <summary>Reads a watch stream line by line in the background; tests await the next event with a generous timeout.</summary>
internal sealed class WatchReader : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Channel<JsonObject> events = Channel.CreateUnbounded<JsonObject>();
    private readonly CancellationTokenSource closing = new();
    private readonly HttpResponseMessage response;
    private readonly Task pump;

    private WatchReader(HttpResponseMessage response)
    {
        this.response = response;
        pump = PumpAsync();
    }

    public System.Net.HttpStatusCode StatusCode => response.StatusCode;

    /// <summary>Set when the stream ended; an IOException when the connection was reset.</summary>
    public Task Completion => pump;

    public static async Task<WatchReader> OpenAsync(HttpClient http, string pathAndQuery)
    {
        var response = await http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead);
        return new WatchReader(response);
    }

    public async Task<JsonObject> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await events.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>The next event that is not a BOOKMARK.</summary>
    public async Task<JsonObject> NextChangeAsync()
    {
        while (true)
        {
            var next = await NextAsync();
            if (next["type"]!.GetValue<string>() != "BOOKMARK")
            {
                return next;
            }
        }
    }

    /// <summary>True when the stream ends (cleanly) without further events within the patience window.</summary>
    public async Task<bool> EndsAsync()
    {
        try
        {
            await pump.WaitAsync(Patience);
            return !events.Reader.TryRead(out _);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Cancels the pending read first: disposing a response mid-stream would make HttpClient drain it for seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        try
        {
            await pump;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException)
        {
            // The stream was reset or is being torn down.
        }

        response.Dispose();
        closing.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(closing.Token));
            while (await reader.ReadLineAsync(closing.Token) is { } line)
            {
                events.Writer.TryWrite((JsonObject)JsonNode.Parse(line)!);
            }
        }
        finally
        {
            events.Writer.TryComplete();
        }
    }
}
