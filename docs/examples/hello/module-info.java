/** The example as a module: it needs only Spindle's channels module (which brings the runtime). */
module demo {
    requires io.spindle.channels;
}
