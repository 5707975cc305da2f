(function (K, H) { "use strict"; return {"tailored":["es","sv","da","nb","fi","pl","cs","ru","uk","tr","el","ja","zh","ko","vi","he","fr-CA","es-MX","zh-Hant"]}; })
