using System.Globalization;
using System.Text;

namespace LvsOperator.Hosting;

/// <summary>A complete status response: every one closes its connection, so its length is always given.</summary>
internal sealed record StatusResponse(int Status, string ContentType, byte[] Body)
{
    private const string PlainText = "text/plain; charset=utf-8";

    public static StatusResponse Text(int status, string body) => new(status, PlainText, Encoding.UTF8.GetBytes(body + "\n"));

    /// <summary>A refusal whose body is its reason phrase, e.g. 431 "Request Header Fields Too Large".</summary>
    public static StatusResponse Refusal(int status) => Text(status, Reason(status));

    /// <summary>The status line and header fields (RFC 9112 section 2.1), then the body unless it answers HEAD.</summary>
    public byte[] Serialize(bool withBody)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {Status} {Reason(Status)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {ContentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {Body.Length}\r\n")
            .Append(Status == 405 ? "Allow: GET, HEAD\r\n" : "")
            .Append("Connection: close\r\n\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        return withBody ? [.. headBytes, .. Body] : headBytes;
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    };
}
