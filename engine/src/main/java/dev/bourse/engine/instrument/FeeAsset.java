package dev.bourse.engine.instrument;

/** Which asset a trade's fees are taken in. */
public enum FeeAsset
{
    /** Each side pays in the asset it receives: a buyer in base, a seller in quote. */
    RECEIVED,
    /** Both sides pay in quote; a buy then holds its maximum fee on top of the notional. */
    QUOTE
}
