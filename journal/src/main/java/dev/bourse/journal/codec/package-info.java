/** The binary encoding of canonical commands in the journal. */
package dev.bourse.journal.codec;
