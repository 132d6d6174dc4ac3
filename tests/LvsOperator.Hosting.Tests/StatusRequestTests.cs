using System.Text;
using LvsOperator.Hosting;

namespace LvsOperator.Hosting.Tests;

public sealed class StatusRequestTests
{
    [Theory]
    [InlineData("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "GET", "/healthz")]
    [InlineData("HEAD /metrics?name[]=x HTTP/1.0\r\n\r\n", "HEAD", "/metrics")]
    [InlineData("DELETE / HTTP/1.1\r\n\r\n", "DELETE", "/")]
    public void The_request_line_gives_method_and_path_without_query(string head, string method, string path)
    {
        var (request, refusal) = StatusRequest.Parse(Encoding.ASCII.GetBytes(head));
        Assert.Equal(0, refusal);
        Assert.Equal(new StatusRequest(method, path), request);
    }

    [Theory]
    [InlineData("GET /healthz\r\n\r\n", 400)]
    [InlineData("GET  /healthz HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET http://x/healthz HTTP/1.1\r\n\r\n", 400)]
    [InlineData("G(T /healthz HTTP/1.1\r\n\r\n", 400)]
    [InlineData(" /healthz HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET /he\u00e9lthz HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET /healthz HTTP/2.0\r\n\r\n", 505)]
    [InlineData("\r\n\r\n", 400)]
    public void A_malformed_request_line_is_refused(string head, int status)
    {
        var (request, refusal) = StatusRequest.Parse(Encoding.Latin1.GetBytes(head));
        Assert.Null(request);
        Assert.Equal(status, refusal);
    }

    [Fact]
    public void The_head_ends_after_its_blank_line()
    {
        Assert.Equal(-1, StatusRequest.HeadLength("GET / HTTP/1.1\r\nHost: x\r\n"u8));
        Assert.Equal(21, StatusRequest.HeadLength("GET / HTTP/1.1\r\nA\r\n\r\nbody"u8));
    }
}
