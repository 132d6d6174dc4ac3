using System.Text;
using System.Text.Json;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Kubernetes.Tests.Client;

public sealed class WatchStreamReaderTests
{
    private static readonly string Added = """{"type":"ADDED","object":{"apiVersion":"lvsoperator.io/v1alpha1","kind":"RealServer","metadata":{"name":"a","namespace":"lvs","resourceVersion":"5"},"spec":{"address":"198.18.0.2","weight":3},"unknownField":{"x":[1,2]}}}""";
    private static readonly string Bookmark = """{"type":"BOOKMARK","object":{"kind":"RealServer","apiVersion":"lvsoperator.io/v1alpha1","metadata":{"resourceVersion":"9"}}}""";

    [Fact]
    public async Task Events_split_across_reads_and_lines_are_parsed_as_they_complete()
    {
        // Three bytes per read: every line spans many reads and many reads span two lines.
        var stream = new TrickleStream(Encoding.UTF8.GetBytes(Added + "\n\n" + Bookmark + "\n"), chunk: 3);

        var events = await ReadAllAsync(stream);

        Assert.Equal([WatchEventType.Added, WatchEventType.Bookmark], events.Select(e => e.Type));
        Assert.Equal(3, events[0].Value.Spec.Weight);
        Assert.Equal("9", events[1].ResourceVersion);
    }

    [Fact]
    public async Task A_last_event_without_its_newline_still_counts()
    {
        var events = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(Added)));

        Assert.Equal("a", Assert.Single(events).Value.Metadata.Name);
    }

    [Fact]
    public async Task An_object_written_before_its_type_is_still_read()
    {
        var line = """{"object":{"metadata":{"name":"a","resourceVersion":"7"}},"type":"DELETED"}""";

        var events = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(line + "\n")));

        Assert.Equal(WatchEventType.Deleted, Assert.Single(events).Type);
    }

    [Fact]
    public async Task An_ERROR_410_event_is_an_expired_resource_version_after_the_events_before_it()
    {
        var error = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 3 (8)","reason":"Expired","code":410}}""";
        var events = new List<WatchEvent<RealServer>>();

        var thrown = await Assert.ThrowsAsync<ResourceVersionExpiredException>(async () =>
        {
            await foreach (var e in WatchStreamReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Added + "\n" + error + "\n")), ResourceJsonContext.Default.RealServer, CancellationToken.None))
            {
                events.Add(e);
            }
        });

        Assert.Single(events);
        Assert.Equal("Expired", thrown.Reason);
        Assert.Contains("too old", thrown.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_ERROR_event_is_an_api_error_with_its_code()
    {
        var error = """{"type":"ERROR","object":{"kind":"Status","status":"Failure","message":"internal","reason":"InternalError","code":500}}""";

        var thrown = await Assert.ThrowsAsync<KubeApiException>(() => ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(error + "\n"))));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, thrown.StatusCode);
        Assert.IsNotType<ResourceVersionExpiredException>(thrown);
    }

    [Fact]
    public async Task An_ERROR_event_that_suggests_a_delay_carries_it()
    {
        // What the watch cache answers when asked for a revision it has not reached yet.
        var error = """{"type":"ERROR","object":{"kind":"Status","status":"Failure","message":"Too large resource version","reason":"Timeout","code":504,"details":{"retryAfterSeconds":1}}}""";

        var thrown = await Assert.ThrowsAsync<KubeApiException>(() => ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(error + "\n"))));

        Assert.Equal(TimeSpan.FromSeconds(1), thrown.RetryAfter);
    }

    [Fact]
    public async Task An_unknown_event_type_is_malformed()
    {
        await Assert.ThrowsAsync<JsonException>(() => ReadAllAsync(new MemoryStream("""{"type":"SURPRISE","object":{}}"""u8.ToArray())));
    }

    private static async Task<List<WatchEvent<RealServer>>> ReadAllAsync(Stream stream)
    {
        var events = new List<WatchEvent<RealServer>>();
        await foreach (var e in WatchStreamReader.ReadAsync(stream, ResourceJsonContext.Default.RealServer, CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Hands out a few bytes per read, as a slow network does.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
    }
}
