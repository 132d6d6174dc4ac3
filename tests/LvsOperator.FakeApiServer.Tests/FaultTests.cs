using System.Diagnostics;
using System.Net;
using LvsOperator.FakeApiServer.Tests.Support;
using static LvsOperator.FakeApiServer.Tests.Support.ApiClient;

namespace LvsOperator.FakeApiServer.Tests;

public sealed class FaultTests : ServerTest
{
    [Theory]
    [InlineData(500, "InternalError")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(429, "TooManyRequests")]
    [InlineData(410, "Expired")]
    public async Task Respond_fails_the_next_matching_request_once_with_the_real_reason(int code, string reason)
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));
        var rule = Server.Faults.Next("GET", VirtualServices + "/web").Respond(code);

        var failed = await Api.GetAsync(VirtualServices + "/web");
        var served = await Api.GetAsync(VirtualServices + "/web");

        Assert.Equal((HttpStatusCode)code, failed.Code);
        Assert.Equal(reason, failed.Reason);
        Assert.Equal(HttpStatusCode.OK, served.Code);
        Assert.Equal(1, rule.Hits);
    }

    [Fact]
    public async Task Faults_match_method_and_path_prefix_and_fire_the_given_number_of_times()
    {
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));
        Server.Faults.Next("PUT", VirtualServices).Times(2).Respond(500);

        var get = await Api.GetAsync(VirtualServices + "/web");
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add((await Api.PutAsync(VirtualServices + "/web", get.Body)).Code);
        }

        Assert.Equal(HttpStatusCode.OK, get.Code);
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK], codes);
    }

    [Fact]
    public async Task Conflict_answers_like_a_stale_resourceVersion_and_writes_nothing()
    {
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));
        Server.Faults.Next("PUT", VirtualServices + "/web/status").Conflict();

        var response = await Api.PutAsync(VirtualServices + "/web/status", created);

        Assert.Equal(HttpStatusCode.Conflict, response.Code);
        Assert.Contains("the object has been modified", response.Message, StringComparison.Ordinal);
        Assert.Equal(created.Revision(), Server.CurrentResourceVersion);
    }

    [Fact]
    public async Task Delay_serves_the_request_after_the_delay()
    {
        Server.Faults.Next("GET", VirtualServices).Delay(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var response = await Api.GetAsync(VirtualServices);

        Assert.Equal(HttpStatusCode.OK, response.Code);
        // The server's timer may fire a tick (1-15 ms) before the Stopwatch's 300 ms; undelayed, the answer takes a few ms.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task DropConnection_resets_without_an_answer()
    {
        Server.Faults.Next(null, VirtualServices).DropConnection();

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Api.GetAsync(VirtualServices));
    }

    [Fact]
    public async Task DropWatches_resets_every_open_watch_mid_stream()
    {
        await using var first = await WatchReader.OpenAsync(Api.Http, $"{VirtualServices}?watch=1");
        await using var second = await WatchReader.OpenAsync(Api.Http, $"{NodeSlices}?watch=1");
        await EventuallyAsync(() => Task.FromResult(Server.OpenWatches == 2), "both watches to open");

        Server.DropWatches();

        await AssertResetAsync(first);
        await AssertResetAsync(second);
    }

    /// <summary>A reset surfaces as an I/O failure on the open stream, never as a clean end or a timeout.</summary>
    private static async Task AssertResetAsync(WatchReader watch)
    {
        var error = await Record.ExceptionAsync(() => watch.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(error is IOException or HttpRequestException, $"expected a reset, got {error?.GetType().Name ?? "a clean end"}");
    }

    [Fact]
    public async Task WatchExpiresAfter_ends_a_watch_with_ERROR_410_after_that_many_events()
    {
        Server.Faults.WatchExpiresAfter(events: 1);
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("a"));
        await Api.CreateAsync(VirtualServices, Objects.VirtualService("b"));

        await using var expiring = await WatchReader.OpenAsync(Api.Http, $"{VirtualServices}?watch=1");
        await using var normal = await WatchReader.OpenAsync(Api.Http, $"{VirtualServices}?watch=1");

        Assert.Equal("ADDED", (await expiring.NextAsync())["type"]!.GetValue<string>());
        var error = await expiring.NextAsync();
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        Assert.Equal(410, error["object"]!["code"]!.GetValue<int>());
        Assert.True(await expiring.EndsAsync());
        Assert.Equal("ADDED", (await normal.NextAsync())["type"]!.GetValue<string>());
        Assert.Equal("ADDED", (await normal.NextAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_request_log_counts_by_method_and_exact_path()
    {
        var created = await Api.CreateAsync(VirtualServices, Objects.VirtualService("web"));
        await Api.PutAsync(VirtualServices + "/web/status", created);
        await Api.GetAsync(VirtualServices + "/web");

        Assert.Equal(1, Server.Requests.Count("PUT", VirtualServices + "/web/status"));
        Assert.Equal(0, Server.Requests.Count("PUT", VirtualServices + "/web"));
        Assert.Equal(1, Server.Requests.Count("post", VirtualServices));
    }

    [Fact]
    public async Task Clear_disarms_every_rule()
    {
        Server.Faults.Next(null, "/").Always().Respond(500);
        Server.Faults.Clear();

        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(VirtualServices)).Code);
    }
}
