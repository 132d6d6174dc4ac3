using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LvsOperator.Health.Tests;

/// <summary>A real server on 127.0.0.1 that a test can kill and bring back on the same port.</summary>
internal abstract class Backend : IDisposable
{
    private CancellationTokenSource? _running;

    public int Port { get; private set; }

    public void Start()
    {
        _running = new CancellationTokenSource();
        Port = Listen(Port, _running.Token);
    }

    public void Stop()
    {
        _running?.Cancel();
        _running?.Dispose();
        _running = null;
        Close();
    }

    public void Dispose() => Stop();

    /// <summary>Opens the port (0: any) and serves until the token is cancelled; returns the port.</summary>
    protected abstract int Listen(int port, CancellationToken stopping);

    protected abstract void Close();
}

/// <summary>Accepts TCP connections and hands each to <see cref="ServeAsync"/>.</summary>
internal class TcpBackend : Backend
{
    private TcpListener? _listener;

    protected override int Listen(int port, CancellationToken stopping)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        var listener = _listener;
        _ = Task.Run(async () =>
        {
            while (!stopping.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(stopping); }
                catch (Exception) { return; }
                _ = Task.Run(async () => { using (client) { try { await ServeAsync(client.GetStream(), stopping); } catch (Exception) { } } }, CancellationToken.None);
            }
        }, CancellationToken.None);
        return ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    protected override void Close() => _listener?.Stop();

    protected virtual Task ServeAsync(NetworkStream stream, CancellationToken stopping) => Task.CompletedTask;
}

/// <summary>Answers every request with <see cref="Response"/>, over TLS when given a certificate; keeps what it saw.</summary>
internal sealed class HttpBackend(X509Certificate2? certificate = null) : TcpBackend
{
    public string Response { get; set; } = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall ok";
    public string? LastRequest { get; private set; }
    public string? LastServerName { get; private set; }

    protected override async Task ServeAsync(NetworkStream network, CancellationToken stopping)
    {
        Stream stream = network;
        if (certificate is not null)
        {
            var tls = new SslStream(network);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stopping);
            LastServerName = tls.TargetHostName;
            stream = tls;
        }

        var request = new StringBuilder();
        var buffer = new byte[1024];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, stopping);
            if (n == 0) return;
            request.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        LastRequest = request.ToString();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Response), stopping);
        await stream.FlushAsync(stopping);
        await stream.DisposeAsync();
    }

    /// <summary>A self-signed certificate for <paramref name="name"/>, made in the test (no files, no store).</summary>
    public static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // An exportable copy: SslStream on Linux needs the private key in a form it can hand to OpenSSL.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}

/// <summary>Answers DNS queries on UDP: first <see cref="StrayAnswers"/> with a wrong ID, then one with the query's.</summary>
internal sealed class DnsBackend : Backend
{
    private UdpClient? _udp;

    public int ResponseCode { get; set; }
    public int StrayAnswers { get; set; }
    public string? LastQuestion { get; private set; }

    protected override int Listen(int port, CancellationToken stopping)
    {
        _udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
        var udp = _udp;
        _ = Task.Run(async () =>
        {
            while (!stopping.IsCancellationRequested)
            {
                UdpReceiveResult query;
                try { query = await udp.ReceiveAsync(stopping); }
                catch (Exception) { return; }
                LastQuestion = Name(query.Buffer.AsSpan(12));
                for (var i = 0; i < StrayAnswers; i++) await udp.SendAsync(Answer(query.Buffer, idOffset: 1), query.RemoteEndPoint, stopping);
                await udp.SendAsync(Answer(query.Buffer, idOffset: 0), query.RemoteEndPoint, stopping);
            }
        }, CancellationToken.None);
        return ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;
    }

    protected override void Close() => _udp?.Dispose();

    private byte[] Answer(byte[] query, int idOffset)
    {
        var answer = (byte[])query.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(answer, (ushort)(BinaryPrimitives.ReadUInt16BigEndian(query) + idOffset));
        answer[2] |= 0x80; // QR: a response
        answer[3] = (byte)((answer[3] & 0xF0) | ResponseCode);
        return answer;
    }

    private static string Name(ReadOnlySpan<byte> qname)
    {
        var labels = new List<string>();
        while (qname.Length > 0 && qname[0] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(qname.Slice(1, qname[0])));
            qname = qname[(1 + qname[0])..];
        }

        return string.Join('.', labels);
    }
}
