namespace WeComGateway.Callbacks.Tests;

/// <summary>The published known-answer vectors V1–V8, verbatim (docs/wecom-protocol.md, "Test vectors").</summary>
internal static class ProtocolVectors
{
    public const string OfficialToken = "QDG6eK";
    public const string OfficialKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    public const string OfficialCorpId = "wx5823bf96d3bd56c7";

    public static class V1
    {
        public const string Timestamp = "1409659813";
        public const string Nonce = "1372623149";
        public const string Signature = "477715d11cdb4164915debcba66cb864d751f3e6";
        public const string RandomPrefix = "0960688932c47ef1";
        public const string Encrypt =
            "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";

        public const string Message =
            "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>";

        public const string Envelope =
            "<xml><ToUserName>wx5823bf96d3bd56c7</ToUserName><Encrypt><![CDATA[" + Encrypt + "]]></Encrypt><AgentID>218</AgentID></xml>";
    }

    public static class V2
    {
        public const string Timestamp = "1409659589";
        public const string Nonce = "263014780";
        public const string Signature = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3";
        public const string RandomPrefix = "c41b64491c2468d0";
        public const string EchoStrOnTheWire =
            "P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D";
        public const string EchoStr =
            "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
        public const string Reply = "1616140317555161061";
    }

    public static class V3
    {
        public const string Token = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
        public const string Key = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
        public const string CorpId = "ww1436e0e65a779aee";
        public const string Timestamp = "1476416373";
        public const string Nonce = "47744683";
        public const string Signature = "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb";
        public const string EchoStr = "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==";
        public const string Reply = "1288432023552776189";
    }

    /// <summary>Same token, key and corp as V3.</summary>
    public static class V4
    {
        public const string Timestamp = "1476422779";
        public const string Nonce = "1597212914";
        public const string Signature = "0c3914025cb4b4d68103f6bfc8db550f79dcf48e";
        public const string Encrypt =
            "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+";

        public const string Message =
            "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>";

        public const string Envelope =
            "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><AgentID>1000002</AgentID><Encrypt><![CDATA[" + Encrypt + "]]></Encrypt></xml>";
    }

    /// <summary>Token, key and corp as V1; the JSON envelope.</summary>
    public static class V5
    {
        public const string Timestamp = "1409659813";
        public const string Nonce = "1372623149";
        public const string Signature = "0623cbc5a8cbee5bcc137c70de99575366fc2af3";
        public const string Encrypt =
            "CZWs4CWRpI4VolQlvn4dlEC1alN2MUEY2VklGehgBVLBrlVF7SyT+SV+Toj43l4ayJ9UMGKphktKKmP7B2j/P1ey67XB8PBgS7Wr5/8+w/yWriZv3Vmoo/MH3/1HsIWZrPQ3N2mJrelStIfI2Y8kLKXA7EhfZgZX4o+ffdkZDM76SEl79Ib9mw7TGjZ9Aw/x/A2VjNbV1E8BtEbRxYYcQippYNw7hr8sFfa3nW1xLdxokt8QkRX83vK3DFP2F6TQFPL2Tu98UwhcUpPvdJBuu1/yiOQIScppV3eOuLWEsko=";

        public const string Message =
            "{\"ToUserName\":\"wx5823bf96d3bd56c7\",\"FromUserName\":\"mycreate\",\"CreateTime\": 1409659813,\"MsgType\":\"text\",\"Content\":\"hello\",\"MsgId\":4561255354251345929,\"AgentID\": 218}";

        public const string Envelope =
            "{\"tousername\":\"wx5823bf96d3bd56c7\",\"encrypt\":\"" + Encrypt + "\",\"agentid\":\"218\"}";
    }

    public static class V6
    {
        public const string Token = "pcoLldqMu2WQQtYBeDX5HiXPsBFlTnDM";
        public const string Key = "CyjBvGm4tJNmcThkeL5Wajzom4jKlBygKtpTkYeqsnE";
        public const string ReceiveId = "wwedab3d5fc43636d8";
        public const string Timestamp = "1623301925";
        public const string Nonce = "1624217036";
        public const string Signature = "d728d2bea7e28585ebd14eacbd330d84073fe7f1";
        public const string Encrypt =
            "ZBY4h9SD1Y/v+ighMGU4yHSVWyMuf2UdQQfFuB8S/SY5il9MynR1rtKIJDG871vOqaCs0FVje6bX0VyhvL02PG7FXjRR+rAyiwVv7T7nBGgamkPeOv4n/jXgFQnY6NEt3Zym09t4aI+21pDcE6uN6JzcC+hxw5sBfVyza3NHyuLiyhvalsFbasA4HNcnK+4/3eZLMo+e6yvHUsY4WhmZWW5u5mHcDZm1jtI2fUtzod6Sx7PrCOhm+zUO1I98OD0EmICxHHMjMkGmSFuGhG8vXRKaRavzvV/fkscZK1HjW+XJOV0c9wYDZT+/LTjDS/yx5KkM5lIksiw57DsCro9gvmE1WdvB3bw3m+5ie2x1ZRSuh6ik1rbMTiXgJXt0MnbV8VsyPe1zhkbug1cwdhT9zcOTieb0oyiIl3wSAEkNNBNBaWB+78V1hM/ngMoZgKaaasJUCGtPH/rN+YnxGicDOg==";

        public const string Message =
            "<xml><ToUserName><![CDATA[wwedab3d5fc43636d8]]></ToUserName><FromUserName><![CDATA[WangChaoYi]]></FromUserName><CreateTime>1623301925</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[密文测试]]></Content><MsgId>6972028683187026694</MsgId><AgentID>1000005</AgentID></xml>";
    }

    /// <summary>Token and key as V1; an AI-bot JSON callback whose receive id is empty.</summary>
    public static class V7
    {
        public const string Timestamp = "1409659813";
        public const string Nonce = "1372623149";
        public const string Signature = "f490df6179b86bcaf6fbed0bf32166a477ca6c86";
        public const string Encrypt =
            "6RS0Ko1VsJN/WaFfxqhNGUtb8r2UxTNONDi2rnT8wc4ArAKL3DATSe52RWiPtCpMyIFp9wpXdjhNCPcc6TD8n31lGWsLSZeLt0qq8f+XoRDvVkp6Ma+SZjZsFrq8Tays8ugQ0O1XYJXBdHm4RIkKu2uYgXd+rYwwqi6KiXSh+YX2UJRESFyP9mflQf7HeKLK7eRjIyYUNDASVD3c6JKzGXtzC3G9/Gxjiez9r39XvlaJJzQmsqjSraC9o7Io1ny9E6G8pY5udbdiWyB4MFbrPXJ5tEEiHaIK2WYn7ZqxvRLvuvK/pMoLfDw6O1E2+NZCbkfyzEvWLM4mZnwhzj5Hhg==";
        public const int MessageBytes = 205;
    }

    /// <summary>Signature only (no key published): the culture-sort trap.</summary>
    public static class V8
    {
        public const string Token = "ovAkP0Tb";
        public const string Timestamp = "1628737717";
        public const string Nonce = "1811081856";
        public const string Signature = "8128e41a38892d814e4aa67753425da9dc8ec2b3";
        public const string Ciphertext =
            "Q/jUxIL3/jRaFeTKesIr1QSq2SOEApDqlzcRrRM6Jlk4EbMBns3plPOR/W3gThOEq+zYI42fNSoIUb3cQwt9zyD1aLU/7D3WNLute7LQ9LSHjZEfVmx5zcIR9zvrUWGjhe1whTPH4e1WR6vbOYs8o/bDRF0vX/NcE4XK7P83Y6CzQiJoKbjVCne84s0zcw5eh+ZUDB55eaDHPSoS7kAC8kB00pfBoDF0jyfc8CUKLW97e72vJGyUWjZ0BvYN+R+tFjMgEzg/EN1imuuFnf40DMAcvB6y+C97TuaWjpgfRdowGWzn10JAFNukRfQqjdA0e2bfczJ7+t9w/t8/XSMADJOt1xbnP+I5cRX/r7ueBGmG/6ejP3myO9yTXHdujGvwrXHuWw+J7qD4VoUVjbm2vQ1qQKbrweKssr6O+3XSbanZ5R3n26EpN/gfgX+r6rcGViqsFop9Ai9xMnfJUubB6Q==";
    }
}
